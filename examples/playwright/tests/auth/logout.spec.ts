import { test, expect } from '@playwright/test';
import { ALICE, signedIn } from '../helpers';

test.describe('logout', () => {
  test('signs out and keeps the profile private @smoke', async ({ page }) => {
    await signedIn(page);
    await page.goto('/profile.html');
    await expect(page.getByTestId('profile-email')).toHaveText(ALICE.email);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('status').first()).toHaveText('You have signed out');

    await page.goto('/profile.html');
    await expect(page).toHaveURL(/\/login\.html\?next=profile$/);
  });

  test('comes back to the profile after signing in again', async ({ page }) => {
    await page.goto('/profile.html');
    await expect(page.getByText('Please sign in to continue')).toBeVisible();

    await page.getByLabel('Email').fill(ALICE.email);
    await page.getByLabel('Password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page).toHaveURL(/\/profile\.html$/);
    await expect(page.getByTestId('profile-email')).toHaveText(ALICE.email);
  });
});
