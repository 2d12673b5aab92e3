import { test, expect } from '@playwright/test';
import { ALICE } from '../helpers';

test.describe('login', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/login.html');
  });

  test('signs in with valid credentials @smoke', async ({ page }) => {
    await page.getByLabel('Email').fill(ALICE.email);
    await page.getByLabel('Password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page).toHaveURL(/\/profile\.html$/);
    await expect(page.getByTestId('user-name')).toHaveText(ALICE.name);
  });

  test('rejects a wrong password', async ({ page }) => {
    await page.getByLabel('Email').fill(ALICE.email);
    await page.getByLabel('Password').fill('wrong-horse');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page.getByRole('alert')).toHaveText('Wrong email or password');
    await expect(page).toHaveURL(/\/login\.html$/);
  });

  test('tells a locked account apart', { tag: '@security' }, async ({ page }) => {
    await page.getByLabel('Email').fill('locked@example.test');
    await page.getByLabel('Password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page.getByRole('alert')).toContainText('locked');
  });

  test('asks for an email before calling the server', async ({ page }) => {
    let calls = 0;
    page.on('request', (request) => {
      if (request.url().includes('/api/login')) calls += 1;
    });
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page.getByRole('alert')).toHaveText('Enter your email address');
    expect(calls).toBe(0);
  });
});
