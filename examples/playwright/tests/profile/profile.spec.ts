import { test, expect } from '@playwright/test';
import { ALICE, signedIn } from '../helpers';

test.describe('profile', () => {
  test('shows the signed-in user @smoke', async ({ page }) => {
    await signedIn(page);
    await page.goto('/profile.html');

    await expect(page.getByTestId('profile-email')).toHaveText(ALICE.email);
    await expect(page.getByLabel('Display name')).toHaveValue(ALICE.name);
  });

  test('renames the user', async ({ page }) => {
    await signedIn(page);
    await page.goto('/profile.html');
    await page.getByLabel('Display name').fill('Alice Trail');
    await page.getByRole('button', { name: 'Save' }).click();

    await expect(page.getByText('Saved', { exact: true })).toBeVisible();
    await expect(page.getByTestId('user-name')).toHaveText('Alice Trail');
    await page.reload();
    await expect(page.getByLabel('Display name')).toHaveValue('Alice Trail');
  });

  test('refuses an empty name', async ({ page }) => {
    await signedIn(page);
    await page.goto('/profile.html');
    await page.getByLabel('Display name').fill('   ');
    await page.getByRole('button', { name: 'Save' }).click();

    await expect(page.getByText('A name is required')).toBeVisible();
    console.error('expected: the server refused an empty name');
  });

  test.describe('order history', () => {
    test('exports every order', { tag: '@slow' }, async ({ page }) => {
      await signedIn(page);
      await page.goto('/profile.html');
      await page.getByRole('button', { name: 'Export order history' }).click();

      await expect(page.getByText('Preparing your order history…')).toBeVisible();
      await expect(page.getByText('Export ready: 3 orders')).toBeVisible();
      const rows = page.getByRole('table', { name: 'Orders' }).locator('tbody tr');
      await expect(rows).toHaveCount(3);
      console.log(`exported orders: ${await rows.locator('td:first-child').allTextContents()}`);
    });
  });

  test('sends a visitor to the sign-in page', async ({ page }) => {
    await page.goto('/profile.html');

    await expect(page).toHaveURL(/\/login\.html\?next=profile$/);
  });
});
