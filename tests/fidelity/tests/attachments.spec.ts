import { test, expect } from '@playwright/test';
import { writeFileSync } from 'node:fs';

test('attaches a text and a file', async ({}, testInfo) => {
  await testInfo.attach('note', { body: 'hello from the test', contentType: 'text/plain' });
  const file = testInfo.outputPath('data.json');
  writeFileSync(file, JSON.stringify({ answer: 42 }));
  await testInfo.attach('data', { path: file, contentType: 'application/json' });
  expect(1).toBe(1);
});

test('annotated', { annotation: { type: 'issue', description: '#42' } }, async () => {
  test.info().annotations.push({ type: 'note', description: 'added at run time' });
  expect(1).toBe(1);
});

test('skipped with a reason', async () => {
  test.skip(true, 'not on this platform');
});

test('fails with a text attachment', async ({}, testInfo) => {
  await testInfo.attach('state', { body: 'state before the failure', contentType: 'text/plain' });
  expect('attached').toBe('passed');
});
