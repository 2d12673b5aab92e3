import { test, expect } from '@playwright/test';

test('a title with › inside', async () => {
  expect(1).toBe(1);
});

test.describe('outer › inner', () => {
  test('under a describe with › in its title', async () => {
    expect(1).toBe(1);
  });
});

test.describe('one', () => {
  test('same title', async () => {
    expect(1).toBe(1);
  });
});

test.describe('two', () => {
  test('same title', async () => {
    expect(2).toBe(2);
  });
});
