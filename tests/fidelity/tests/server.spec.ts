import { test, expect } from '@playwright/test';

// A browser's start on a loaded machine can take longer than the suite's
// 3 s config timeout: these tests are about the web server, not timeouts.
test.describe.configure({ timeout: 60_000 });

test('the web server answers', async ({ request }) => {
  const response = await request.get('/health');
  expect(response.status()).toBe(200);
  expect(await response.text()).toBe('ok');
});

test('a page from the web server in chromium', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('fidelity');
});
