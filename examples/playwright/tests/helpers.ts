import type { Page } from '@playwright/test';

export const ALICE = { email: 'alice@example.test', password: 'correct-horse', name: 'Alice Example' };

// Puts `value` into the shop's localStorage under `key` before the first page
// of the test loads, and only then: what the app changes later stays changed.
async function seed(page: Page, key: string, value: unknown) {
  await page.addInitScript(
    ({ key, value }) => {
      const done = `seeded.${key}`;
      if (sessionStorage.getItem(done)) return;
      sessionStorage.setItem(done, '1');
      localStorage.setItem(`shop.${key}`, JSON.stringify(value));
    },
    { key, value },
  );
}

/** Starts the test signed in as Alice, without going through the form. */
export async function signedIn(page: Page) {
  await seed(page, 'session', { token: 'token-alice', name: ALICE.name, email: ALICE.email });
}

/** Starts the test with these lines in the cart. */
export async function withCart(page: Page, lines: { id: string; name: string; price: number; quantity: number }[]) {
  await seed(page, 'cart', lines);
}

export const SHOES = { id: 'p1', name: 'Trail running shoes', price: 89, quantity: 1 };
export const SOCKS = { id: 'p3', name: 'Wool hiking socks', price: 15, quantity: 2 };
