import { test, expect } from '@playwright/test';

test('the web server answers', async ({ request }) => {
  const response = await request.get('/health');
  expect(response.status()).toBe(200);
  expect(await response.text()).toBe('ok');
});

test('a page from the web server in chromium', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('fidelity');
});
