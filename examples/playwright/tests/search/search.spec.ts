import { test, expect } from '@playwright/test';

test.describe('search', () => {
  test('finds products by name @smoke', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Search').fill('running shoes');

    const products = page.getByRole('list', { name: 'Products' }).getByRole('listitem');
    await expect(products).toHaveCount(2);
    await expect(products.first()).toContainText('Road running shoes');
    await expect(page.getByRole('status')).toHaveText('2 products');
  });

  test('says so when nothing matches', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Search').fill('snowboard');

    await expect(page.getByRole('status')).toHaveText('No products match your search');
    await expect(page.getByRole('list', { name: 'Products' }).getByRole('listitem')).toHaveCount(0);
  });

  test('sends one request for a typed word', async ({ page }) => {
    // The page's timers run on a fake clock, paused while typing: a busy
    // machine that types slowly must not look like a pause in typing.
    await page.clock.install();
    await page.goto('/');
    await expect(page.getByRole('status')).toHaveText('8 products');
    await page.clock.pauseAt(Date.now() + 1_000);
    const searches: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/products')) searches.push(new URL(request.url()).search);
    });

    await page.getByLabel('Search').pressSequentially('headlamp', { delay: 40 });
    expect(searches).toEqual([]);
    await page.clock.runFor(300); // the pause that sends the search
    await expect(page.getByRole('status')).toHaveText('1 product');

    console.log(`searches sent: ${searches.join(' ')}`);
    expect(searches).toEqual(['?q=headlamp']);
  });

  test('keeps the query in the address', async ({ page }) => {
    await page.goto('/?q=jacket');

    await expect(page.getByLabel('Search')).toHaveValue('jacket');
    await expect(page.getByRole('list', { name: 'Products' })).toContainText('Rain jacket');
    await page.reload();
    await expect(page.getByRole('status')).toHaveText('1 product');
  });
});
