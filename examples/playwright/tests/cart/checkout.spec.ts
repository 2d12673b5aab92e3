import { test, expect } from '@playwright/test';
import { SHOES, SOCKS, withCart } from '../helpers';

// One test here fails on purpose when SHARDLINE_EXAMPLE_FAIL=1: shardline's
// own tests use it to see a failure's error, screenshot and trace arrive.
const failOnPurpose = process.env.SHARDLINE_EXAMPLE_FAIL === '1';

test.describe('checkout', () => {
  test.beforeEach(async ({ page }) => {
    await withCart(page, [SHOES, SOCKS]);
    await page.goto('/cart.html');
  });

  test('places an order', { tag: '@slow' }, async ({ page }) => {
    await page.getByRole('button', { name: 'Place order' }).click();

    await expect(page.getByRole('status')).toHaveText('Processing payment…');
    await expect(page.getByRole('status')).toHaveText(/^Order A-\d+ confirmed$/);
    await expect(page.getByTestId('order-total')).toHaveText('$119.00');
    await expect(page.getByTestId('cart-count')).toHaveText('0');
  });

  test('applies a discount code @slow', async ({ page }) => {
    await page.getByLabel('Discount code').fill('SAVE10');
    await page.getByRole('button', { name: 'Place order' }).click();

    // $119.00 less 10%. With SHARDLINE_EXAMPLE_FAIL=1 the test expects the
    // undiscounted total and fails once the receipt shows.
    await expect(page.getByRole('region', { name: 'Receipt' })).toBeVisible();
    await expect(page.getByTestId('order-total')).toHaveText(failOnPurpose ? '$119.00' : '$107.10', {
      timeout: 1_000,
    });
  });

  test('refuses an unknown discount code', async ({ page }) => {
    await page.getByLabel('Discount code').fill('FREESTUFF');
    await page.getByRole('button', { name: 'Place order' }).click();

    await expect(page.getByRole('status')).toHaveText('The code FREESTUFF is not valid');
    await expect(page.getByRole('button', { name: 'Place order' })).toBeEnabled();
  });

  test('attaches a screenshot of the receipt', { tag: ['@slow', '@visual'] }, async ({ page }, testInfo) => {
    await page.getByRole('button', { name: 'Place order' }).click();
    const receipt = page.getByRole('region', { name: 'Receipt' });
    await expect(receipt).toBeVisible();

    // One attachment with a body (kept in memory by Playwright) and one
    // written to a file first: reporters see both kinds.
    await testInfo.attach('receipt', { body: await receipt.screenshot(), contentType: 'image/png' });
    const pagePath = testInfo.outputPath('cart-page.png');
    await page.screenshot({ path: pagePath, fullPage: true });
    await testInfo.attach('cart page', { path: pagePath, contentType: 'image/png' });
  });
});
