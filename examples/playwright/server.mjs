// The example shop's server: static files from public/ and a small JSON API
// whose answers take as long as a real backend's might (see DELAYS).
//
//   node server.mjs            listens on a free port of 127.0.0.1
//   PORT=8080 node server.mjs  on that port
//
// It prints `shop listening on http://127.0.0.1:PORT`, which Playwright's
// webServer.wait reads to learn the port. Nothing is kept on the server: the
// cart, the session and the profile live in the browser's localStorage, so
// tests running at the same time cannot disturb one another.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fstatSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./public/', import.meta.url));

// Milliseconds before each API answers.
const DELAYS = { products: 250, login: 300, profile: 150, saveProfile: 400, checkout: 1000, report: 1800 };

const PRODUCTS = [
  { id: 'p1', name: 'Trail running shoes', category: 'shoes', price: 89.0 },
  { id: 'p2', name: 'Road running shoes', category: 'shoes', price: 119.0 },
  { id: 'p3', name: 'Wool hiking socks', category: 'clothing', price: 15.0 },
  { id: 'p4', name: 'Rain jacket', category: 'clothing', price: 149.0 },
  { id: 'p5', name: 'Headlamp', category: 'gear', price: 35.0 },
  { id: 'p6', name: 'Water bottle', category: 'gear', price: 12.5 },
  { id: 'p7', name: 'Running cap', category: 'clothing', price: 22.0 },
  { id: 'p8', name: 'Trekking poles', category: 'gear', price: 65.0 },
];

const USERS = {
  'alice@example.test': { password: 'correct-horse', name: 'Alice Example', token: 'token-alice' },
  'locked@example.test': { password: 'correct-horse', name: 'Locked Out', locked: true },
};

const ORDERS = [
  { number: 'A-1001', date: '2026-09-14', total: 104.0 },
  { number: 'A-1002', date: '2026-10-02', total: 35.0 },
  { number: 'A-1003', date: '2026-11-20', total: 161.5 },
];

const DISCOUNTS = { SAVE10: 0.1 };

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function send(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(text);
}

async function bodyOf(request) {
  let text = '';
  for await (const chunk of request) {
    text += chunk;
    if (text.length > 65536) throw new Error('body too large');
  }
  return text ? JSON.parse(text) : {};
}

function userOf(request) {
  const token = (request.headers.authorization || '').replace(/^Bearer /, '');
  return Object.entries(USERS).find(([, user]) => user.token && user.token === token);
}

const routes = {
  'GET /api/health': async () => [200, { ok: true }],

  'GET /api/products': async (request, url) => {
    await sleep(DELAYS.products);
    const q = (url.searchParams.get('q') || '').trim().toLowerCase();
    const category = url.searchParams.get('category') || '';
    const sort = url.searchParams.get('sort') || 'name';
    let found = PRODUCTS.filter(
      (p) => (!q || p.name.toLowerCase().includes(q)) && (!category || p.category === category),
    );
    found = [...found].sort((a, b) => (sort === 'price' ? a.price - b.price : a.name.localeCompare(b.name)));
    return [200, { products: found }];
  },

  'POST /api/login': async (request) => {
    const { email = '', password = '' } = await bodyOf(request);
    await sleep(DELAYS.login);
    const user = USERS[String(email).toLowerCase()];
    if (!user || user.password !== password) return [401, { error: 'Wrong email or password' }];
    if (user.locked) return [423, { error: 'This account is locked: contact support' }];
    return [200, { token: user.token, name: user.name, email }];
  },

  'GET /api/profile': async (request) => {
    await sleep(DELAYS.profile);
    const found = userOf(request);
    if (!found) return [401, { error: 'Sign in first' }];
    return [200, { email: found[0], name: found[1].name }];
  },

  'PUT /api/profile': async (request) => {
    const found = userOf(request);
    const { name = '' } = await bodyOf(request);
    await sleep(DELAYS.saveProfile);
    if (!found) return [401, { error: 'Sign in first' }];
    if (!String(name).trim()) return [400, { error: 'A name is required' }];
    return [200, { email: found[0], name: String(name).trim() }];
  },

  'POST /api/checkout': async (request) => {
    const { items = [], code = '' } = await bodyOf(request);
    await sleep(DELAYS.checkout);
    if (!Array.isArray(items) || items.length === 0) return [400, { error: 'The cart is empty' }];
    let subtotal = 0;
    for (const { id, quantity } of items) {
      const product = PRODUCTS.find((p) => p.id === id);
      if (!product || !(quantity > 0)) return [400, { error: `Unknown item ${id}` }];
      subtotal += product.price * quantity;
    }
    const rate = DISCOUNTS[String(code).toUpperCase()] || 0;
    if (code && !rate) return [400, { error: `The code ${code} is not valid` }];
    const total = Math.round(subtotal * (1 - rate) * 100) / 100;
    return [200, { order: `A-${2000 + items.length}`, subtotal, discount: subtotal - total, total }];
  },

  'GET /api/report': async (request) => {
    await sleep(DELAYS.report);
    if (!userOf(request)) return [401, { error: 'Sign in first' }];
    return [200, { orders: ORDERS }];
  },
};

async function serveFile(response, pathname) {
  const relative = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^(\.\.[/\\])+/, '');
  const file = join(root, relative);
  if (!file.startsWith(root)) return send(response, 404, { error: 'not found' });
  try {
    const data = await readFile(file);
    response.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    response.end(data);
  } catch {
    send(response, 404, { error: 'not found' });
  }
}

const server = createServer(async (request, response) => {
  const url = new URL(request.url, 'http://localhost');
  try {
    const route = routes[`${request.method} ${url.pathname}`];
    if (route) {
      const [status, body] = await route(request, url);
      return send(response, status, body);
    }
    if (url.pathname.startsWith('/api/')) return send(response, 404, { error: 'no such API' });
    if (request.method !== 'GET') return send(response, 405, { error: 'method not allowed' });
    return await serveFile(response, url.pathname);
  } catch (error) {
    return send(response, 400, { error: String(error.message || error) });
  }
});

server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`shop listening on http://127.0.0.1:${server.address().port}`);
});

// Started by Playwright, stdin is a pipe (a socket pair) from it: when that
// closes (Playwright ended, even by SIGKILL) the server goes too instead of
// living on. A terminal or /dev/null on stdin is not watched.
try {
  const stdin = fstatSync(0);
  if (stdin.isFIFO() || stdin.isSocket()) {
    process.stdin.on('end', () => process.exit(0));
    process.stdin.on('error', () => process.exit(0));
    process.stdin.resume();
  }
} catch {
  // no stdin at all: nothing to watch
}
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
