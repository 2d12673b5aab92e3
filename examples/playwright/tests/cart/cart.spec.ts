import { test, expect } from '@playwright/test';
import { SHOES, SOCKS, withCart } from '../helpers';

test.describe('cart', () => {
  test('adds a product and counts it in the header @smoke', async ({ page }) => {
    await page.goto('/?q=headlamp');
    await page.getByRole('button', { name: 'Add Headlamp to cart' }).click();
    await page.getByRole('button', { name: 'Add Headlamp to cart' }).click();

    await expect(page.getByTestId('cart-count')).toHaveText('2');
    await page.getByRole('link', { name: /Cart/ }).click();
    await expect(page.getByTestId('subtotal')).toHaveText('$70.00');
  });

  test('changes quantities and the subtotal', async ({ page }) => {
    await withCart(page, [SHOES, SOCKS]);
    await page.goto('/cart.html');
    const socks = page.getByRole('listitem').filter({ hasText: SOCKS.name });

    await socks.getByRole('button', { name: 'One more' }).click();
    await expect(socks.locator('.quantity')).toHaveText('3');
    await expect(page.getByTestId('subtotal')).toHaveText('$134.00');

    await socks.getByRole('button', { name: 'One less' }).click();
    await expect(page.getByTestId('subtotal')).toHaveText('$119.00');
  });

  test('removes a line', async ({ page }) => {
    await withCart(page, [SHOES, SOCKS]);
    await page.goto('/cart.html');

    await page.getByRole('listitem').filter({ hasText: SHOES.name }).getByRole('button', { name: 'Remove' }).click();

    await expect(page.getByRole('list', { name: 'Cart lines' }).getByRole('listitem')).toHaveCount(1);
    await expect(page.getByTestId('cart-count')).toHaveText('2');
  });

  test('keeps the cart across reloads', async ({ page }) => {
    await page.goto('/?q=bottle');
    await page.getByRole('button', { name: 'Add Water bottle to cart' }).click();
    await page.reload();

    await expect(page.getByTestId('cart-count')).toHaveText('1');
  });
});
