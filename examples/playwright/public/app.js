// The shop's front end: one script for every page. State lives in
// localStorage: the cart, the session token and the user's name.
const store = {
  get(key, otherwise) {
    try {
      const value = localStorage.getItem(`shop.${key}`);
      return value === null ? otherwise : JSON.parse(value);
    } catch {
      return otherwise;
    }
  },
  set(key, value) {
    localStorage.setItem(`shop.${key}`, JSON.stringify(value));
  },
  remove(key) {
    localStorage.removeItem(`shop.${key}`);
  },
};

const money = (amount) => `$${amount.toFixed(2)}`;
const $ = (selector) => document.querySelector(selector);

async function api(method, path, body) {
  const session = store.get('session', null);
  const headers = { 'content-type': 'application/json' };
  if (session) headers.authorization = `Bearer ${session.token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json();
  if (!response.ok) throw Object.assign(new Error(data.error || response.statusText), { status: response.status });
  return data;
}

function cartCount() {
  return store.get('cart', []).reduce((sum, line) => sum + line.quantity, 0);
}

function renderHeader() {
  const session = store.get('session', null);
  const header = document.createElement('header');
  header.innerHTML = `
    <a class="brand" href="/">Trailhead Shop</a>
    <nav aria-label="Main">
      <a href="/">Shop</a>
      <a href="/cart.html">Cart (<span data-testid="cart-count">${cartCount()}</span>)</a>
      <a href="/profile.html">Profile</a>
      ${session ? '<button type="button" id="sign-out">Sign out</button>' : '<a href="/login.html">Sign in</a>'}
    </nav>
    <p class="greeting">${session ? `Signed in as <strong data-testid="user-name"></strong>` : ''}</p>`;
  document.body.prepend(header);
  if (session) {
    header.querySelector('[data-testid="user-name"]').textContent = session.name;
    header.querySelector('#sign-out').addEventListener('click', () => {
      store.remove('session');
      location.href = '/login.html?signedOut=1';
    });
  }
}

function updateCartCount() {
  const badge = document.querySelector('[data-testid="cart-count"]');
  if (badge) badge.textContent = String(cartCount());
}

function addToCart(product) {
  const cart = store.get('cart', []);
  const line = cart.find((l) => l.id === product.id);
  if (line) line.quantity += 1;
  else cart.push({ id: product.id, name: product.name, price: product.price, quantity: 1 });
  store.set('cart', cart);
  updateCartCount();
}

// --- shop: search, filters, results -----------------------------------------
function shopPage() {
  const form = $('#search');
  const input = $('#q');
  const category = $('#category');
  const sort = $('#sort');
  const status = $('#status');
  const results = $('#results');
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  category.value = params.get('category') || '';
  sort.value = params.get('sort') || 'name';
  let timer = 0;
  let generation = 0;

  async function search() {
    const query = new URLSearchParams();
    if (input.value.trim()) query.set('q', input.value.trim());
    if (category.value) query.set('category', category.value);
    if (sort.value !== 'name') query.set('sort', sort.value);
    history.replaceState(null, '', query.toString() ? `?${query}` : location.pathname);
    const mine = ++generation;
    status.textContent = 'Searching…';
    results.setAttribute('aria-busy', 'true');
    try {
      const { products } = await api('GET', `/api/products?${query}`);
      if (mine !== generation) return;
      results.replaceChildren(
        ...products.map((product) => {
          const item = document.createElement('li');
          item.className = 'product';
          item.dataset.id = product.id;
          item.innerHTML = `<span class="name"></span> <span class="price">${money(product.price)}</span>
            <button type="button">Add to cart</button>`;
          item.querySelector('.name').textContent = product.name;
          item.querySelector('button').setAttribute('aria-label', `Add ${product.name} to cart`);
          item.querySelector('button').addEventListener('click', () => addToCart(product));
          return item;
        }),
      );
      status.textContent = products.length
        ? `${products.length} ${products.length === 1 ? 'product' : 'products'}`
        : 'No products match your search';
    } catch (error) {
      if (mine === generation) status.textContent = `Search failed: ${error.message}`;
    } finally {
      if (mine === generation) results.removeAttribute('aria-busy');
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 300); // one request once typing pauses
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  category.addEventListener('change', search);
  sort.addEventListener('change', search);
  search();
}

// --- cart and checkout ------------------------------------------------------
function cartPage() {
  const lines = $('#lines');
  const subtotal = $('#subtotal');
  const checkout = $('#checkout');
  const message = $('#checkout-message');

  function render() {
    const cart = store.get('cart', []);
    lines.replaceChildren(
      ...cart.map((line) => {
        const row = document.createElement('li');
        row.className = 'line';
        row.dataset.id = line.id;
        row.innerHTML = `<span class="name"></span>
          <button type="button" class="less" aria-label="One less">−</button>
          <span class="quantity">${line.quantity}</span>
          <button type="button" class="more" aria-label="One more">+</button>
          <span class="amount">${money(line.price * line.quantity)}</span>
          <button type="button" class="remove">Remove</button>`;
        row.querySelector('.name').textContent = line.name;
        row.querySelector('.less').addEventListener('click', () => change(line.id, -1));
        row.querySelector('.more').addEventListener('click', () => change(line.id, +1));
        row.querySelector('.remove').addEventListener('click', () => change(line.id, -line.quantity));
        return row;
      }),
    );
    const sum = cart.reduce((total, line) => total + line.price * line.quantity, 0);
    subtotal.textContent = money(sum);
    $('#empty').hidden = cart.length > 0;
    checkout.disabled = cart.length === 0;
    updateCartCount();
  }

  function change(id, delta) {
    const cart = store.get('cart', []);
    const line = cart.find((l) => l.id === id);
    if (!line) return;
    line.quantity += delta;
    store.set('cart', cart.filter((l) => l.quantity > 0));
    render();
  }

  $('#checkout-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const cart = store.get('cart', []);
    checkout.disabled = true;
    message.className = '';
    message.textContent = 'Processing payment…';
    try {
      const order = await api('POST', '/api/checkout', {
        items: cart.map(({ id, quantity }) => ({ id, quantity })),
        code: $('#code').value.trim(),
      });
      store.set('cart', []);
      render();
      $('#receipt').hidden = false;
      $('#order-number').textContent = order.order;
      $('#order-discount').textContent = money(order.discount);
      $('#order-total').textContent = money(order.total);
      message.textContent = `Order ${order.order} confirmed`;
    } catch (error) {
      message.className = 'error';
      message.textContent = error.message;
      checkout.disabled = false;
    }
  });
  render();
}

// --- sign in ----------------------------------------------------------------
function loginPage() {
  const form = $('#login');
  const error = $('#login-error');
  const params = new URLSearchParams(location.search);
  if (params.get('signedOut')) $('#notice').textContent = 'You have signed out';
  if (params.get('next')) $('#notice').textContent = 'Please sign in to continue';
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const email = $('#email').value.trim();
    const password = $('#password').value;
    if (!email) {
      error.textContent = 'Enter your email address';
      return;
    }
    form.querySelector('button').disabled = true;
    try {
      const session = await api('POST', '/api/login', { email, password });
      store.set('session', session);
      const next = params.get('next');
      location.href = next && /^[a-z]+$/.test(next) ? `/${next}.html` : '/profile.html';
    } catch (failure) {
      error.textContent = failure.message;
      form.querySelector('button').disabled = false;
    }
  });
}

// --- profile ----------------------------------------------------------------
async function profilePage() {
  if (!store.get('session', null)) {
    location.replace('/login.html?next=profile');
    return;
  }
  const form = $('#profile');
  const saved = $('#saved');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    saved.className = '';
    saved.textContent = 'Saving…';
    try {
      const profile = await api('PUT', '/api/profile', { name: $('#name').value });
      store.set('session', { ...store.get('session'), name: profile.name });
      document.querySelector('[data-testid="user-name"]').textContent = profile.name;
      saved.textContent = 'Saved';
    } catch (error) {
      saved.className = 'error';
      saved.textContent = error.message;
    }
  });
  $('#export').addEventListener('click', async () => {
    const status = $('#export-status');
    status.textContent = 'Preparing your order history…';
    $('#export').disabled = true;
    let orders;
    try {
      ({ orders } = await api('GET', '/api/report'));
    } catch (error) {
      status.textContent = `Export failed: ${error.message}`;
      $('#export').disabled = false;
      return;
    }
    const table = $('#orders');
    table.tBodies[0].replaceChildren(
      ...orders.map((order) => {
        const row = document.createElement('tr');
        row.innerHTML = `<td>${order.number}</td><td>${order.date}</td><td>${money(order.total)}</td>`;
        return row;
      }),
    );
    table.hidden = false;
    status.textContent = `Export ready: ${orders.length} orders`;
    $('#export').disabled = false;
  });
  try {
    const profile = await api('GET', '/api/profile');
    $('#profile-email').textContent = profile.email;
    $('#name').value = store.get('session').name || profile.name;
    form.hidden = false;
  } catch (error) {
    if (error.status === 401) {
      store.remove('session');
      location.replace('/login.html?next=profile');
      return;
    }
    saved.textContent = error.message;
  }
}

renderHeader();
const pages = { shop: shopPage, cart: cartPage, login: loginPage, profile: profilePage };
pages[document.body.dataset.page]?.();
