import { test, expect } from '@playwright/test';

test.describe('retried by the describe', () => {
  test.describe.configure({ retries: 1 });

  test('fails on the first try only', async ({}, testInfo) => {
    expect(testInfo.retry).toBe(1);
  });

  test('fails on every try', async () => {
    expect('always').toBe('never');
  });
});
