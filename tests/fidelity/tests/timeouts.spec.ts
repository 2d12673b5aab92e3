import { test, expect } from '@playwright/test';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The config allows 3 s; the longer timeouts leave room for a loaded machine.
test('slow test triples the config timeout', async () => {
  test.slow();
  await sleep(4_000);
});

test('own timeout is longer than the config', async () => {
  test.setTimeout(20_000);
  await sleep(4_000);
});

test('over the config timeout times out', async () => {
  await sleep(4_000);
});

test.describe('describe timeout', () => {
  test.describe.configure({ timeout: 20_000 });

  test('within the describe timeout', async () => {
    await sleep(4_000);
    expect(true).toBe(true);
  });
});
