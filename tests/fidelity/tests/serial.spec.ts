import { test, expect } from '@playwright/test';

// State shared by the tests of one worker process: a serial group split over
// two processes, or run out of order, fails here.
const basket: string[] = [];

test.describe.serial('basket in order', () => {
  test('add apple', async () => {
    basket.push('apple');
    expect(basket).toEqual(['apple']);
  });

  test('add pear', async () => {
    basket.push('pear');
    expect(basket).toEqual(['apple', 'pear']);
  });

  test('check out', async () => {
    expect(basket).toEqual(['apple', 'pear']);
  });
});

test.describe.serial('stops at a failure', () => {
  test('first passes', async () => {
    expect(1).toBe(1);
  });

  test('second fails', async () => {
    expect(1).toBe(2);
  });

  test('third is skipped', async () => {
    expect(1).toBe(1);
  });
});
