import { test, expect } from '@playwright/test';

test.describe('filters', () => {
  test('narrow the results to a category', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Category').selectOption('gear');

    await expect(page.getByRole('status')).toHaveText('3 products');
    await expect(page).toHaveURL(/category=gear/);
  });

  test('sort by price, lowest first', { tag: ['@smoke'] }, async ({ page }) => {
    await page.goto('/?category=clothing');
    await page.getByLabel('Sort by').selectOption('price');

    const prices = page.getByRole('list', { name: 'Products' }).locator('.price');
    await expect(prices).toHaveText(['$15.00', '$22.00', '$149.00']);
  });
});
