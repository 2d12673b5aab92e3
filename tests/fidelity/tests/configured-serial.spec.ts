import { test, expect } from '@playwright/test';

// The whole file is serial through describe.configure.
test.describe.configure({ mode: 'serial' });

let step = 0;

test('step one', async () => {
  step = 1;
  expect(step).toBe(1);
});

test('step two needs step one', async () => {
  expect(step).toBe(1);
  step = 2;
});
