import { test, expect } from '@playwright/test';

test.describe('broken setup', () => {
  test.beforeAll(async () => {
    throw new Error('the setup broke');
  });

  test('first under the broken setup', async () => {
    expect(1).toBe(1);
  });

  test('second under the broken setup', async () => {
    expect(1).toBe(1);
  });
});

test.describe('setup once', () => {
  let ready = false;

  test.beforeAll(async () => {
    ready = true;
  });

  test.afterAll(async () => {
    ready = false;
  });

  test('sees the setup', async () => {
    expect(ready).toBe(true);
  });

  test('sees it too', async () => {
    expect(ready).toBe(true);
  });
});
