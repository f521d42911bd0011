// The local dashboard of clerk-devserver (served at /dev/, embedded in the binary).
// Hash routes: #/users (default), #/users/<id>, #/outbox, #/requests, #/instance.
// Every call goes to /dev/api/* with the per-process CSRF token from the page's meta tag; the
// users and sessions go through /dev/api/bapi/*, the Backend API with the secret key added by
// the server. Texts only ever enter the page through textContent; no secret is put in the page
// (the secret key is fetched when its copy button is pressed, and written to the clipboard only).

const CSRF = document.querySelector('meta[name="clerk-dev-csrf"]')?.content ?? '';
const PAGE_SIZE = 50;

// ---------------------------------------------------------------------------------------------
// Helpers: DOM, time, the API.

/** `el('td', {class: 'x', onclick: f}, 'text', child)`: an element with attributes and children. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'value') node.value = value;
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  return append(node, ...children);
}

function append(node, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const pad = (n) => String(n).padStart(2, '0');

/** Local time as `YYYY-MM-DD HH:MM:SS`. */
function formatDate(ms) {
  if (!ms) return '—';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "just now", "12 s ago", "2 min ago", "3 h ago", "4 d ago"; "in 9 min" for the future. */
function relative(ms, now = Date.now()) {
  if (!ms) return '—';
  const diff = Math.round((ms - now) / 1000);
  const abs = Math.abs(diff);
  let text;
  if (abs < 5) return 'just now';
  if (abs < 60) text = `${abs} s`;
  else if (abs < 3600) text = `${Math.floor(abs / 60)} min`;
  else if (abs < 86400) text = `${Math.floor(abs / 3600)} h`;
  else text = `${Math.floor(abs / 86400)} d`;
  return diff < 0 ? `${text} ago` : `in ${text}`;
}

/** A `<time>` showing the relative time, the full date as its tooltip; kept fresh by `refreshTimes`. */
function timeAgo(ms) {
  if (!ms) return none();
  return el('time', { datetime: new Date(ms).toISOString(), title: formatDate(ms), 'data-rel': ms, text: relative(ms) });
}

/** A date as `YYYY-MM-DD HH:MM:SS` with the relative time under it. */
function dateCell(ms) {
  if (!ms) return none();
  return el('div', { class: 'date' }, el('span', { text: formatDate(ms) }), el('span', { class: 'muted small' }, timeAgo(ms)));
}

/** Updates every relative time (and every code expiry) in the view. */
function refreshTimes() {
  const now = Date.now();
  for (const t of document.querySelectorAll('[data-rel]')) t.textContent = relative(Number(t.dataset.rel), now);
  for (const t of document.querySelectorAll('[data-expires]')) setExpiry(t, Number(t.dataset.expires), now);
}

function setExpiry(node, ms, now = Date.now()) {
  const expired = ms <= now;
  node.textContent = expired ? 'expired' : `expires ${relative(ms, now)}`;
  node.classList.toggle('expired', expired);
}

/** A muted dash, for a value there is none of. */
const none = () => el('span', { class: 'muted', text: '—' });

/** A table head with one `th` per column name. */
const thead = (...names) => el('thead', {}, el('tr', {}, names.map((h) => el('th', { scope: 'col' }, h))));

const badge = (text, tone = 'grey') => el('span', { class: `badge badge-${tone}`, text });

/** An error from the API: the Clerk `errors` array when there is one. */
class ApiError extends Error {
  constructor(message, status, errors = []) {
    super(message);
    this.status = status;
    this.errors = errors;
  }
}

/** fetch on /dev/api/<path> with the CSRF header; JSON in and out. Throws ApiError. */
async function api(path, { method = 'GET', body } = {}) {
  const headers = { 'X-Clerk-Dev-Csrf': CSRF, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/dev/api/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    connection(false);
    throw new ApiError('The dev server cannot be reached. Is it still running?', 0);
  }
  connection(true);
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const errors = Array.isArray(data?.errors) ? data.errors : [];
    const first = errors[0];
    throw new ApiError(first ? first.long_message || first.message : `${method} ${path}: HTTP ${res.status}`, res.status, errors);
  }
  return data;
}

const bapi = (path, options) => api(`bapi/v1/${path}`, options);

function connection(ok) {
  const banner = document.getElementById('connection');
  banner.hidden = ok;
  banner.textContent = ok ? '' : 'Disconnected: the dev server does not answer. Retrying while this page is open…';
}

let toastTimer;
/** A short message in the corner (a polite live region). */
function toast(text) {
  const box = document.getElementById('toast');
  box.textContent = text;
  box.classList.add('visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => box.classList.remove('visible'), 2500);
}

/** An error box for a view (`role=alert`), empty and hidden until `show` is called. */
function alertBox() {
  const box = el('div', { class: 'alert', role: 'alert', hidden: true });
  box.show = (err) => {
    box.textContent = err ? err.message || String(err) : '';
    box.hidden = !err;
  };
  return box;
}

async function copyText(text, button, label) {
  try {
    await navigator.clipboard.writeText(text);
    flash(button, 'Copied', label);
  } catch {
    flash(button, 'Copy failed', label);
  }
}

function flash(button, text, label) {
  button.textContent = text;
  setTimeout(() => (button.textContent = label), 1500);
}

const copyButton = (text, label = 'Copy') =>
  el('button', { type: 'button', class: 'btn btn-small', 'aria-label': `${label}: ${text}`, text: label, onclick: (e) => copyText(text, e.currentTarget, label) });

// ---------------------------------------------------------------------------------------------
// The router and the polling of the current view.

/** What the current view started (timers); `alive` turns false when the view is left. */
let current = { alive: false, pollers: [] };

/**
 * Runs `fn` now and every `ms` while `view` is current and the page visible. A failed call
 * shows in the view's alert box (if given) and polling goes on.
 */
function poll(view, fn, ms, alert) {
  if (!view.alive) return;
  const poller = { timer: null, running: false };
  const tick = async () => {
    poller.timer = null;
    if (!view.alive || document.visibilityState !== 'visible' || poller.running) return;
    poller.running = true;
    try {
      await fn();
      alert?.show(null);
    } catch (err) {
      alert?.show(err);
    } finally {
      poller.running = false;
    }
    refreshTimes();
    if (view.alive && document.visibilityState === 'visible') poller.timer = setTimeout(tick, ms);
  };
  poller.resume = () => {
    if (!poller.timer && !poller.running) tick();
  };
  poller.stop = () => clearTimeout(poller.timer);
  view.pollers.push(poller);
  tick();
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') for (const p of current.pollers) p.resume();
});

const routes = [
  [/^#\/users\/(.+)$/, (id) => userView(decodeURIComponent(id)), 'users'],
  [/^#\/users\/?$/, () => usersView(), 'users'],
  [/^#\/outbox\/?$/, () => outboxView(), 'outbox'],
  [/^#\/requests\/?$/, () => requestsView(), 'requests'],
  [/^#\/instance\/?$/, () => instanceView(), 'instance'],
];

let firstRoute = true;

function route() {
  current.alive = false;
  for (const p of current.pollers) p.stop();
  current = { alive: true, pollers: [] };
  const hash = location.hash || '#/users';
  const match = routes.map(([re, render, area]) => [hash.match(re), render, area]).find(([m]) => m);
  if (!match) {
    location.replace('#/users');
    return;
  }
  const [m, render, area] = match;
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.area === area) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const main = document.getElementById('view');
  main.replaceChildren(el('p', { class: 'muted loading', text: 'Loading…' }));
  const view = current;
  const focus = !firstRoute;
  firstRoute = false;
  const done = (node) => {
    if (!view.alive) return;
    main.replaceChildren(node);
    if (focus) node.querySelector('h1')?.focus();
  };
  render(...m.slice(1)).then(done, (err) => done(el('section', {}, el('h1', { text: 'Error' }), el('p', { class: 'alert', role: 'alert', text: err.message }))));
}

/** A view's heading: a focusable h1 (focus moves there when the view changes) and actions. */
const pageHeader = (title, subtitle, ...actions) =>
  el('div', { class: 'page-header' }, el('div', {}, el('h1', { tabindex: '-1', text: title }), subtitle && el('p', { class: 'muted', text: subtitle })), el('div', { class: 'actions' }, actions));

/**
 * Keeps `tbody` in step with `items` (in order) without rebuilding the rows that did not
 * change, so focus and selection survive polling. `row(item)` builds a `tr`.
 */
function syncRows(tbody, items, key, row) {
  const old = new Map([...tbody.children].map((tr) => [tr.dataset.key, tr]));
  const fresh = tbody.dataset.synced === 'yes';
  tbody.dataset.synced = 'yes';
  let before = tbody.firstElementChild;
  for (const item of items) {
    const k = key(item);
    const sig = JSON.stringify(item);
    let tr = old.get(k);
    old.delete(k);
    if (tr && tr.dataset.sig !== sig) {
      const next = row(item);
      tr.replaceWith(next);
      tr = next;
    } else if (!tr) {
      tr = row(item);
      if (fresh) tr.classList.add('fresh');
      tbody.insertBefore(tr, before);
    } else if (tr !== before) {
      tbody.insertBefore(tr, before);
    }
    tr.dataset.key = k;
    tr.dataset.sig = sig;
    before = tr.nextElementSibling;
  }
  for (const tr of old.values()) tr.remove();
}

const emptyRow = (cols, text) => el('tr', { class: 'empty' }, el('td', { colspan: cols, text }));

// ---------------------------------------------------------------------------------------------
// Users.

const displayName = (u) => [u.first_name, u.last_name].filter(Boolean).join(' ') || u.username || primaryEmail(u) || u.id;
const primaryEmail = (u) => (u.email_addresses.find((e) => e.id === u.primary_email_address_id) ?? u.email_addresses[0])?.email_address;
const primaryPhone = (u) => (u.phone_numbers.find((p) => p.id === u.primary_phone_number_id) ?? u.phone_numbers[0])?.phone_number;

function avatar(u, size = '') {
  const initials = ([u.first_name?.[0], u.last_name?.[0]].filter(Boolean).join('') || (u.username || primaryEmail(u) || '?')[0]).toUpperCase();
  const hue = [...u.id].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 8;
  return el('span', { class: `avatar hue-${hue} ${size}`, 'aria-hidden': 'true', text: initials });
}

function userRow(u) {
  const more = (list) => (list.length > 1 ? el('span', { class: 'muted small', text: ` +${list.length - 1}` }) : null);
  return el(
    'tr',
    { 'data-user-id': u.id },
    el(
      'td',
      {},
      el('a', { class: 'user-cell', href: `#/users/${encodeURIComponent(u.id)}` }, avatar(u), el('span', {}, el('span', { class: 'user-name', text: displayName(u) }), el('span', { class: 'mono muted small', text: u.id }))),
    ),
    el('td', {}, primaryEmail(u) ?? none(), more(u.email_addresses)),
    el('td', {}, primaryPhone(u) ?? none(), more(u.phone_numbers)),
    el('td', {}, u.username ?? none()),
    el('td', {}, dateCell(u.created_at)),
    el('td', {}, timeAgo(u.last_sign_in_at)),
    el('td', {}, u.banned ? badge('Banned', 'red') : u.locked ? badge('Locked', 'amber') : badge('Active', 'green')),
  );
}

async function usersView() {
  const alert = alertBox();
  const search = el('input', { id: 'user-search', type: 'search', placeholder: 'Search by email, phone, username, name or id', 'aria-label': 'Search users', autocomplete: 'off' });
  const tbody = el('tbody');
  const summary = el('p', { class: 'muted small', 'aria-live': 'polite' });
  const more = el('button', { type: 'button', class: 'btn', hidden: true, text: 'Load more' });
  const table = el(
    'table',
    { id: 'users-table', class: 'table' },
    thead('User', 'Email', 'Phone', 'Username', 'Created', 'Last sign-in', 'Status'),
    tbody,
  );
  let seq = 0;
  let shown = 0;
  const view = current;

  async function load(reset) {
    const mine = ++seq;
    const query = search.value.trim();
    const offset = reset ? 0 : shown;
    const q = `query=${encodeURIComponent(query)}`;
    try {
      const [users, count] = await Promise.all([bapi(`users?${q}&limit=${PAGE_SIZE}&offset=${offset}&order_by=-created_at`), bapi(`users/count?${q}`)]);
      if (mine !== seq || !view.alive) return;
      alert.show(null);
      if (reset) tbody.replaceChildren();
      tbody.querySelector('tr.empty')?.remove();
      append(tbody, users.map(userRow));
      shown = offset + users.length;
      if (shown === 0) tbody.append(emptyRow(7, query ? `No user matches “${query}”.` : 'No users yet. Create one, or sign up on the quickstart.'));
      const total = count.total_count;
      summary.textContent = query ? `${total} matching user${total === 1 ? '' : 's'}` : `${total} user${total === 1 ? '' : 's'}`;
      if (shown < total) summary.textContent += `, showing ${shown}`;
      more.hidden = shown >= total;
    } catch (err) {
      if (mine === seq) alert.show(err);
    }
  }

  let debounce;
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => load(true), 200);
  });
  more.addEventListener('click', () => load(false));
  await load(true);
  return el(
    'section',
    { id: 'users' },
    pageHeader('Users', 'The users of this instance, newest first.', el('button', { type: 'button', class: 'btn btn-primary', text: 'Create user', onclick: () => openCreateUser() })),
    alert,
    el('div', { class: 'toolbar' }, search, summary),
    el('div', { class: 'card table-card' }, table),
    el('div', { class: 'load-more' }, more),
  );
}

/** A labelled field with a hint and an error line; `control` carries the `name`. */
function field(label, control, hint, wide) {
  const id = `f-${control.name}-${Math.random().toString(36).slice(2, 8)}`;
  control.id = id;
  const hintNode = hint ? el('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null;
  const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  control.fieldError = error;
  control.fieldHint = hintNode;
  return el('div', { class: `field${wide ? ' wide' : ''}` }, el('label', { for: id, text: label }), control, hintNode, error);
}

function setFieldError(control, message) {
  const { fieldError: error, fieldHint: hint } = control;
  error.textContent = message ?? '';
  error.hidden = !message;
  if (message) {
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', [error.id, hint?.id].filter(Boolean).join(' '));
  } else {
    control.removeAttribute('aria-invalid');
    if (hint) control.setAttribute('aria-describedby', hint.id);
    else control.removeAttribute('aria-describedby');
  }
}

const METADATA = [
  ['public_metadata', 'Public metadata', 'Readable by the frontend and the backend.'],
  ['private_metadata', 'Private metadata', 'Backend only.'],
  ['unsafe_metadata', 'Unsafe metadata', 'Readable and writable by the frontend.'],
];

const jsonArea = (name, value = '') => el('textarea', { name, class: 'mono', rows: 5, spellcheck: 'false', placeholder: '{ }', value });

/**
 * The metadata textareas of `form` as objects; invalid JSON or a non-object marks its field
 * and yields null. Empty text is `{}` (or left out when `skipEmpty`).
 */
function readMetadata(form, skipEmpty) {
  const out = {};
  let ok = true;
  for (const [name] of METADATA) {
    const control = form.elements[name];
    const text = control.value.trim();
    setFieldError(control, null);
    if (!text) {
      if (!skipEmpty) out[name] = {};
      continue;
    }
    try {
      const value = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('must be a JSON object, like {"plan": "pro"}');
      out[name] = value;
    } catch (err) {
      setFieldError(control, `Invalid JSON: ${err.message}`);
      ok = false;
    }
  }
  if (!ok) form.querySelector('[aria-invalid="true"]')?.focus();
  return ok ? out : null;
}

/** Puts Clerk's errors at the fields their `meta.param_name` names, the others in `alert`. */
function showServerErrors(form, err, alert) {
  const loose = [];
  for (const e of err.errors.length ? err.errors : [{ message: err.message }]) {
    const control = e.meta?.param_name && form.elements[e.meta.param_name];
    if (control?.fieldError) setFieldError(control, e.long_message || e.message);
    else loose.push(e.long_message || e.message);
  }
  alert.show(loose.length ? new Error(loose.join(' ')) : null);
  form.querySelector('[aria-invalid="true"]')?.focus();
}

function openCreateUser() {
  const alert = alertBox();
  const lines = (name) => el('textarea', { name, rows: 2, spellcheck: 'false' });
  const input = (name, type = 'text', extra = {}) => el('input', { name, type, autocomplete: 'off', ...extra });
  const submit = el('button', { type: 'submit', class: 'btn btn-primary', text: 'Create user' });
  const form = el(
    'form',
    { id: 'create-user-form', novalidate: true },
    el('div', { class: 'form-grid' },
      field('Email addresses', lines('email_address'), 'One per line; the first is primary. Marked verified.'),
      field('Phone numbers', lines('phone_number'), 'One per line, e.g. +15555550100; the first is primary.'),
      field('Username', input('username')),
      field('External ID', input('external_id'), 'The id in your own system.'),
      field('First name', input('first_name')),
      field('Last name', input('last_name')),
      field('Password', input('password', 'password', { autocomplete: 'new-password' })),
      el('div', { class: 'field checkbox' }, el('label', {}, input('skip_password_checks', 'checkbox'), ' Skip password checks (minimum and maximum length)')),
    ),
    el('div', { class: 'form-grid three' }, METADATA.map(([name, label, hint]) => field(label, jsonArea(name), hint))),
    alert,
    el('div', { class: 'form-actions' }, el('button', { type: 'button', class: 'btn', text: 'Cancel', onclick: () => dialog.close() }), submit),
  );
  const dialog = el('dialog', { class: 'dialog', 'aria-labelledby': 'create-user-title' }, el('h2', { id: 'create-user-title', text: 'Create user' }), form);
  dialog.addEventListener('close', () => dialog.remove());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    alert.show(null);
    for (const control of form.elements) if (control.fieldError) setFieldError(control, null);
    const metadata = readMetadata(form, true);
    if (!metadata) return;
    const body = {};
    for (const name of ['email_address', 'phone_number']) {
      const list = form.elements[name].value.split('\n').map((s) => s.trim()).filter(Boolean);
      if (list.length) body[name] = list;
    }
    for (const name of ['username', 'password', 'first_name', 'last_name', 'external_id']) {
      const value = name === 'password' ? form.elements[name].value : form.elements[name].value.trim();
      if (value) body[name] = value;
    }
    if (form.elements.skip_password_checks.checked) body.skip_password_checks = true;
    Object.assign(body, metadata);
    submit.disabled = true;
    try {
      const user = await bapi('users', { method: 'POST', body });
      dialog.close();
      toast(`Created ${displayName(user)}`);
      location.hash = `#/users/${encodeURIComponent(user.id)}`;
    } catch (err) {
      showServerErrors(form, err, alert);
    } finally {
      submit.disabled = false;
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  form.elements.email_address.focus();
}

// ---------------------------------------------------------------------------------------------
// One user.

function verificationBadge(v) {
  if (v?.status === 'verified') return badge('Verified', 'green');
  if (v?.status === 'expired' || v?.status === 'failed') return badge(v.status === 'expired' ? 'Expired' : 'Failed', 'red');
  return badge('Unverified', 'amber');
}

function identifierList(items, valueKey, primaryId, emptyText) {
  if (!items.length) return el('p', { class: 'muted', text: emptyText });
  return el(
    'ul',
    { class: 'id-list' },
    items.map((i) =>
      el(
        'li',
        { 'data-identifier': i[valueKey] },
        el('span', { class: valueKey === 'web3_wallet' ? 'mono value' : 'value', text: i[valueKey] }),
        i.id === primaryId ? badge('Primary', 'blue') : null,
        verificationBadge(i.verification),
        i.verification?.strategy ? el('span', { class: 'muted small', text: i.verification.strategy }) : null,
        i.reserved_for_second_factor ? badge('2FA', 'grey') : null,
      ),
    ),
  );
}

const providerName = (p) => p.replace(/^oauth_/, '').replace(/(^|_)(\w)/g, (_, s, c) => (s ? ' ' : '') + c.toUpperCase());

function externalAccounts(list) {
  if (!list.length) return el('p', { class: 'muted', text: 'No connected accounts.' });
  return el(
    'ul',
    { class: 'id-list' },
    list.map((a) =>
      el(
        'li',
        {},
        el('span', { class: 'value strong', text: providerName(a.provider) }),
        el('span', { text: a.email_address || a.username || a.provider_user_id || '—' }),
        verificationBadge(a.verification),
        a.provider_user_id ? el('span', { class: 'muted small mono', text: a.provider_user_id }) : null,
      ),
    ),
  );
}

const SESSION_TONES = { active: 'green', pending: 'blue', revoked: 'red', removed: 'grey', ended: 'grey', expired: 'grey', abandoned: 'grey', replaced: 'grey' };

function sessionRow(s, revoke) {
  const act = s.latest_activity ?? {};
  const device = [act.browser_name && `${act.browser_name} ${act.browser_version ?? ''}`.trim(), act.device_type, act.ip_address].filter(Boolean).join(' · ');
  return el(
    'tr',
    { 'data-session-id': s.id },
    el('td', { class: 'mono small', text: s.id }),
    el('td', {}, badge(s.status, SESSION_TONES[s.status] ?? 'grey')),
    el('td', {}, el('div', { class: 'mono small', text: s.client_id }), device ? el('div', { class: 'muted small', text: device }) : null),
    el('td', {}, timeAgo(s.last_active_at)),
    el('td', {}, dateCell(s.created_at)),
    el('td', { class: 'right' }, s.status === 'active' ? el('button', { type: 'button', class: 'btn btn-small btn-danger-outline', text: 'Revoke', 'aria-label': `Revoke session ${s.id}`, onclick: (e) => revoke(s, e.currentTarget) }) : null),
  );
}

function kv(pairs) {
  return el('dl', { class: 'kv' }, pairs.map(([k, v]) => [el('dt', { text: k }), el('dd', {}, v === null || v === undefined || v === '' ? none() : v)]));
}

async function userView(id) {
  const view = current;
  let user;
  try {
    user = await bapi(`users/${encodeURIComponent(id)}`);
  } catch (err) {
    const back = el('a', { href: '#/users', text: '← All users' });
    return el('section', { id: 'user-page' }, back, pageHeader(err.status === 404 ? 'User not found' : 'Could not load the user', null), el('p', { class: 'alert', role: 'alert', text: err.message }));
  }
  const alert = alertBox();
  const head = el('div', { class: 'user-head' });
  const details = el('div', { class: 'card' });
  const identifiers = el('div', { class: 'card' });

  function paint(u) {
    user = u;
    const actions = [
      u.banned
        ? el('button', { type: 'button', id: 'unban-user', class: 'btn', text: 'Unban user', onclick: () => act('unban') })
        : el('button', { type: 'button', id: 'ban-user', class: 'btn btn-danger-outline', text: 'Ban user', onclick: () => act('ban') }),
      el('button', { type: 'button', id: 'delete-user', class: 'btn btn-danger', text: 'Delete user', onclick: remove }),
    ];
    head.replaceChildren(
      avatar(u, 'large'),
      el('div', { class: 'user-title' },
        el('h1', { tabindex: '-1' }, displayName(u), ' ', u.banned ? badge('Banned', 'red') : null, u.locked ? badge('Locked', 'amber') : null),
        el('p', { class: 'mono muted' }, u.id, ' ', copyButton(u.id, 'Copy id'))),
      el('div', { class: 'actions' }, actions),
    );
    details.replaceChildren(
      el('h2', { text: 'Profile' }),
      kv([
        ['First name', u.first_name],
        ['Last name', u.last_name],
        ['Username', u.username],
        ['External ID', u.external_id],
        ['Password', u.password_enabled ? 'set' : 'none'],
        ['Two-factor', u.two_factor_enabled ? 'on' : 'off'],
        ['Created', dateCell(u.created_at)],
        ['Last sign-in', dateCell(u.last_sign_in_at)],
        ['Last active', dateCell(u.last_active_at)],
      ]),
    );
    identifiers.replaceChildren(
      el('h2', { text: 'Email addresses' }),
      identifierList(u.email_addresses, 'email_address', u.primary_email_address_id, 'No email address.'),
      el('h2', { text: 'Phone numbers' }),
      identifierList(u.phone_numbers, 'phone_number', u.primary_phone_number_id, 'No phone number.'),
      el('h2', { text: 'Web3 wallets' }),
      identifierList(u.web3_wallets, 'web3_wallet', u.primary_web3_wallet_id, 'No wallet.'),
      el('h2', { text: 'External accounts' }),
      externalAccounts(u.external_accounts),
    );
  }

  async function act(what) {
    if (what === 'ban' && !confirm(`Ban ${displayName(user)}? Their active sessions are revoked and they can no longer sign in.`)) return;
    try {
      paint(await bapi(`users/${encodeURIComponent(user.id)}/${what}`, { method: 'POST' }));
      alert.show(null);
      toast(what === 'ban' ? 'User banned' : 'User unbanned');
      document.getElementById(what === 'ban' ? 'unban-user' : 'ban-user')?.focus();
      await loadSessions();
    } catch (err) {
      alert.show(err);
    }
  }

  async function remove() {
    if (!confirm(`Delete ${displayName(user)} (${user.id})? This cannot be undone.`)) return;
    try {
      await bapi(`users/${encodeURIComponent(user.id)}`, { method: 'DELETE' });
      toast('User deleted');
      location.hash = '#/users';
    } catch (err) {
      alert.show(err);
    }
  }

  const sessions = el('tbody');
  async function loadSessions() {
    const list = await bapi(`sessions?user_id=${encodeURIComponent(user.id)}&limit=100`);
    if (!view.alive) return;
    sessions.querySelector('tr.empty')?.remove();
    syncRows(sessions, list, (s) => s.id, (s) => sessionRow(s, revoke));
    if (!list.length) sessions.append(emptyRow(6, 'No sessions yet.'));
  }
  async function revoke(s, button) {
    button.disabled = true;
    try {
      await bapi(`sessions/${encodeURIComponent(s.id)}/revoke`, { method: 'POST' });
      toast('Session revoked');
      await loadSessions();
    } catch (err) {
      button.disabled = false;
      alert.show(err);
    }
  }

  const meta = el('form', { id: 'metadata-form', novalidate: true });
  const metaAlert = alertBox();
  const save = el('button', { type: 'submit', class: 'btn btn-primary', text: 'Save metadata' });
  append(
    meta,
    el('div', { class: 'form-grid three' }, METADATA.map(([name, label, hint]) => field(label, jsonArea(name, JSON.stringify(user[name] ?? {}, null, 2)), hint))),
    metaAlert,
    el('div', { class: 'form-actions' }, save),
  );
  meta.addEventListener('submit', async (event) => {
    event.preventDefault();
    metaAlert.show(null);
    const metadata = readMetadata(meta, false);
    if (!metadata) return;
    save.disabled = true;
    try {
      const u = await bapi(`users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body: metadata });
      paint(u);
      for (const [name] of METADATA) meta.elements[name].value = JSON.stringify(u[name] ?? {}, null, 2);
      toast('Metadata saved');
    } catch (err) {
      showServerErrors(meta, err, metaAlert);
    } finally {
      save.disabled = false;
    }
  });

  paint(user);
  const sessionsTable = el(
    'table',
    { id: 'sessions-table', class: 'table' },
    thead('Session', 'Status', 'Client', 'Last active', 'Created', ''),
    sessions,
  );
  poll(view, loadSessions, 2000, alert);
  return el(
    'section',
    { id: 'user-page' },
    el('a', { class: 'back', href: '#/users', text: '← All users' }),
    head,
    alert,
    el('div', { class: 'two-col' }, details, identifiers),
    el('div', { class: 'card' }, el('h2', { text: 'Sessions' }), el('p', { class: 'muted small', text: 'Refreshes every 2 seconds.' }), sessionsTable),
    el('div', { class: 'card' }, el('h2', { text: 'Metadata' }), el('p', { class: 'muted small', text: 'Saving replaces each object as a whole (updateUser).' }), meta),
  );
}

// ---------------------------------------------------------------------------------------------
// Outbox.

const PURPOSES = { verification: 'Verification', sign_in: 'Sign-in', sign_up: 'Sign-up', reset_password: 'Password reset' };

function outboxRow(m) {
  const expiry = el('span', { class: 'expiry', 'data-expires': m.expiresAt ?? undefined });
  if (m.expiresAt) setExpiry(expiry, m.expiresAt);
  else expiry.textContent = '—';
  return el(
    'tr',
    { 'data-message-id': m.id },
    el('td', {}, dateCell(m.createdAt)),
    el('td', {}, badge(m.channel === 'sms' ? 'SMS' : 'Email', m.channel === 'sms' ? 'purple' : 'blue')),
    el('td', {}, el('div', { class: 'strong', text: m.to }), m.body ? el('details', { class: 'message' }, el('summary', { class: 'muted small', text: m.subject || 'Message' }), el('pre', { class: 'code-block small', text: m.body })) : null),
    el('td', {}, m.purpose ? badge(PURPOSES[m.purpose] ?? m.purpose, 'grey') : none()),
    el('td', { class: 'code' }, m.code ?? '—'),
    el('td', {}, m.code ? copyButton(m.code, 'Copy') : null),
    el('td', {}, expiry),
  );
}

async function outboxView() {
  const alert = alertBox();
  const tbody = el('tbody');
  const view = current;
  const table = el(
    'table',
    { id: 'outbox-table', class: 'table' },
    thead('Sent', 'Channel', 'Recipient', 'Purpose', 'Code', '', 'Expiry'),
    tbody,
  );
  poll(
    view,
    async () => {
      const list = await api('outbox');
      if (!view.alive) return;
      tbody.querySelector('tr.empty')?.remove();
      syncRows(tbody, list, (m) => m.id, outboxRow);
      if (!list.length) tbody.append(emptyRow(7, 'No messages yet. Codes sent for sign-in, sign-up and verification show up here as they are sent.'));
    },
    1000,
    alert,
  );
  return el(
    'section',
    { id: 'outbox' },
    pageHeader('Outbox', 'Emails and SMS the dev server “sent”, newest first. Updates live.'),
    alert,
    el('div', { class: 'card table-card' }, table),
  );
}

// ---------------------------------------------------------------------------------------------
// Requests.

/** `0.4 ms`, `2.6 ms`, `37 ms`; null when unknown. */
const duration = (ms) => (typeof ms === 'number' ? `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms` : null);

const statusTone = (s) => (s >= 500 ? 'red' : s >= 400 ? 'amber' : s >= 300 ? 'blue' : s >= 200 ? 'green' : 'grey');

/** The body as people want to read it: pretty JSON, form fields one per line, or as sent. */
function prettyBody(body, contentType = '') {
  if (body === null || body === undefined || body === '') return null;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  try {
    return JSON.stringify(typeof body === 'string' ? JSON.parse(body) : body, null, 2);
  } catch {
    if (/x-www-form-urlencoded/.test(contentType)) return [...new URLSearchParams(text)].map(([k, v]) => `${k} = ${v}`).join('\n');
    return text;
  }
}

async function requestsView() {
  const alert = alertBox();
  const tbody = el('tbody');
  const view = current;
  const detail = el('aside', { id: 'request-detail', class: 'drawer', hidden: true, 'aria-labelledby': 'request-detail-title', tabindex: '-1' });
  const filter = el('input', { type: 'search', placeholder: 'Path starts with… e.g. /v1/client', 'aria-label': 'Filter by path prefix', autocomplete: 'off' });
  const which = el('select', { 'aria-label': 'Which API' }, el('option', { value: '', text: 'Both APIs' }), el('option', { value: 'fapi', text: 'Frontend API' }), el('option', { value: 'bapi', text: 'Backend API' }));
  let opener = null;
  let selected = null;

  function closeDetail() {
    detail.hidden = true;
    selected = null;
    for (const tr of tbody.querySelectorAll('tr.selected')) tr.classList.remove('selected');
    opener?.isConnected && opener.focus();
  }

  function showDetail(r, button) {
    opener = button;
    selected = r.id;
    for (const tr of tbody.children) tr.classList.toggle('selected', tr.dataset.requestId === r.id);
    const body = prettyBody(r.body, r.contentType ?? '');
    const query = r.query ?? [];
    detail.replaceChildren(
      el('div', { class: 'drawer-head' },
        el('h2', { id: 'request-detail-title' }, el('span', { class: `method method-${r.method}`, text: r.method }), ' ', el('span', { class: 'mono', text: r.path })),
        el('button', { type: 'button', class: 'btn btn-small', text: 'Close', 'aria-label': 'Close request detail', onclick: closeDetail })),
      kv([
        ['Status', r.status ? badge(String(r.status), statusTone(r.status)) : null],
        ['API', r.api?.toUpperCase()],
        ['Time', formatDate(r.createdAt)],
        ['Duration', duration(r.durationMs)],
        ['Origin', r.origin],
        ['Content type', r.contentType],
        ['Id', r.id],
      ]),
      el('h3', { text: 'Query' }),
      query.length
        ? el('table', { class: 'table compact' }, el('tbody', {}, query.map(([k, v]) => el('tr', {}, el('th', { scope: 'row', class: 'mono', text: k }), el('td', { class: 'mono', text: v })))))
        : el('p', { class: 'muted', text: 'No query parameters.' }),
      el('h3', {}, 'Body', r.truncated ? badge('truncated', 'amber') : null),
      body === null ? el('p', { class: 'muted', text: 'No body.' }) : el('pre', { class: 'code-block', text: body }),
    );
    detail.hidden = false;
    detail.focus();
  }

  function requestRow(r) {
    const open = el('button', { type: 'button', class: 'link-button mono', text: r.path, 'aria-label': `${r.method} ${r.path}, show details`, onclick: (e) => showDetail(r, e.currentTarget) });
    return el(
      'tr',
      { 'data-request-id': r.id, class: r.id === selected ? 'selected clickable' : 'clickable', onclick: (e) => e.target === open || showDetail(r, open) },
      el('td', { class: 'nowrap', title: formatDate(r.createdAt) }, formatDate(r.createdAt).slice(11), ' ', el('span', { class: 'muted small' }, timeAgo(r.createdAt))),
      el('td', {}, badge((r.api ?? 'fapi').toUpperCase(), r.api === 'bapi' ? 'purple' : 'grey')),
      el('td', {}, el('span', { class: `method method-${r.method}`, text: r.method })),
      el('td', { class: 'path' }, open, r.query?.length ? el('span', { class: 'muted small mono query-keys', text: `?${r.query.map(([k]) => k).join('&')}` }) : null),
      el('td', {}, r.status ? badge(String(r.status), statusTone(r.status)) : none()),
      el('td', { class: 'right mono small', text: duration(r.durationMs) ?? '—' }),
    );
  }

  async function load() {
    const api_ = which.value ? `&api=${which.value}` : '';
    const { data } = await api(`requests?path_prefix=${encodeURIComponent(filter.value.trim())}${api_}`);
    if (!view.alive) return;
    tbody.querySelector('tr.empty')?.remove();
    syncRows(tbody, data, (r) => r.id, requestRow);
    if (!data.length) tbody.append(emptyRow(6, 'No requests captured yet. Frontend and Backend API calls show up here.'));
  }

  async function clear() {
    try {
      await api('requests', { method: 'DELETE' });
      closeDetail();
      await load();
      toast('Request log cleared');
    } catch (err) {
      alert.show(err);
    }
  }

  let debounce;
  filter.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => load().catch((err) => alert.show(err)), 200);
  });
  which.addEventListener('change', () => load().catch((err) => alert.show(err)));
  document.addEventListener('keydown', function onKey(e) {
    if (!view.alive) return document.removeEventListener('keydown', onKey);
    if (e.key === 'Escape' && !detail.hidden) closeDetail();
  });
  const table = el(
    'table',
    { id: 'requests-table', class: 'table dense' },
    thead('Time', 'API', 'Method', 'Path', 'Status', el('span', { class: 'right', text: 'Duration' })),
    tbody,
  );
  poll(view, load, 2000, alert);
  return el(
    'section',
    { id: 'requests' },
    pageHeader('Requests', 'Frontend and Backend API calls as they arrived, newest first. Click one for its query and body.', el('button', { type: 'button', class: 'btn', text: 'Clear', onclick: clear })),
    alert,
    el('div', { class: 'toolbar' }, filter, which),
    el('div', { class: 'split' }, el('div', { class: 'card table-card' }, table), detail),
  );
}

// ---------------------------------------------------------------------------------------------
// Instance.

const humanize = (key) => key.replace(/_/g, ' ').replace(/\bsecs\b/, '(s)').replace(/^./, (c) => c.toUpperCase());

/** A configuration value as a readable node: on/off badges, lists of chips, nested tables. */
function configValue(value) {
  if (value === null || value === undefined) return none();
  if (typeof value === 'boolean') return badge(value ? 'on' : 'off', value ? 'green' : 'grey');
  if (Array.isArray(value)) {
    if (!value.length) return el('span', { class: 'muted', text: 'none' });
    if (value.every((v) => typeof v !== 'object' || v === null)) return el('span', { class: 'chips' }, value.map((v) => badge(String(v), 'grey')));
    return el('pre', { class: 'code-block', text: JSON.stringify(value, null, 2) });
  }
  if (typeof value === 'object') return configTable(value);
  return el('span', { class: 'mono', text: String(value) });
}

const configTable = (obj) =>
  el('table', { class: 'table compact' }, el('tbody', {}, Object.entries(obj).map(([k, v]) => el('tr', {}, el('th', { scope: 'row', text: humanize(k) }), el('td', {}, configValue(v))))));

async function instanceView() {
  const alert = alertBox();
  const info = await api('instance');
  const copySecret = el('button', { type: 'button', id: 'copy-secret-key', class: 'btn btn-small', text: 'Copy' });
  copySecret.addEventListener('click', async () => {
    try {
      const { secretKey } = await api('secret-key', { method: 'POST' });
      await navigator.clipboard.writeText(secretKey);
      flash(copySecret, 'Copied', 'Copy');
      alert.show(null);
    } catch (err) {
      alert.show(err instanceof ApiError ? err : new Error(`Could not copy the secret key: ${err.message}`));
    }
  });
  const reset = el('button', { type: 'button', id: 'reset-data', class: 'btn btn-danger', text: 'Reset data' });
  reset.addEventListener('click', async () => {
    if (!confirm('Reset data? Every user, session, client, outbox message and captured request is deleted. The keys stay.')) return;
    try {
      await api('reset', { method: 'POST' });
      toast('All data reset');
    } catch (err) {
      alert.show(err);
    }
  });
  const keyRow = (label, id, value, ...extra) => el('tr', {}, el('th', { scope: 'row', text: label }), el('td', {}, el('code', { id, class: 'mono key', text: value }), ' ', extra));
  const config = info.config ?? {};
  const scalars = Object.fromEntries(Object.entries(config).filter(([, v]) => v === null || typeof v !== 'object' || Array.isArray(v)));
  const groups = Object.entries(config).filter(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v));
  const templates = info.jwtTemplates ?? [];
  return el(
    'section',
    { id: 'instance' },
    pageHeader('Instance', 'The keys and the effective configuration of this development instance.'),
    alert,
    el('div', { class: 'card' },
      el('h2', { text: 'Keys' }),
      el('table', { class: 'table compact keys' }, el('tbody', {},
        keyRow('Publishable key', 'publishable-key', info.publishableKey, copyButton(info.publishableKey)),
        keyRow('Secret key', 'secret-key', info.secretKeyMasked, copySecret),
        keyRow('Frontend API', 'frontend-api-url', info.frontendApiUrl),
        keyRow('Backend API', 'bapi-url', info.bapiUrl),
        el('tr', {}, el('th', { scope: 'row', text: 'JWKS' }), el('td', {}, el('a', { href: info.jwksUrl, target: '_blank', rel: 'noopener', class: 'mono', text: info.jwksUrl })))))),
    el('div', { class: 'card' }, el('h2', { text: 'Configuration' }), configTable(scalars)),
    el('div', { class: 'config-grid' }, groups.map(([k, v]) => el('div', { class: 'card' }, el('h2', { text: humanize(k) }), configValue(v)))),
    el('div', { class: 'card' },
      el('h2', { text: 'JWT templates' }),
      templates.length
        ? el('table', { class: 'table', id: 'jwt-templates' },
            thead('Name', 'Lifetime', 'Clock skew', 'Signing', 'Claims'),
            el('tbody', {}, templates.map((t) => el('tr', {},
              el('td', { class: 'mono strong', text: t.name }),
              el('td', { text: `${t.lifetimeSecs} s` }),
              el('td', { text: `${t.allowedClockSkewSecs} s` }),
              el('td', {}, badge(t.signingAlgorithm, 'grey')),
              el('td', {}, el('pre', { class: 'code-block small', text: JSON.stringify(t.claims ?? {}, null, 2) }))))))
        : el('p', { class: 'muted', text: 'No JWT templates ([jwt_templates.NAME] in the config file).' })),
    el('div', { class: 'card danger-zone' },
      el('h2', { text: 'Reset data' }),
      el('p', { class: 'muted', text: 'Deletes every user, client, session, sign-in, sign-up, outbox message and captured request. The instance and its keys stay.' }),
      reset),
  );
}

// ---------------------------------------------------------------------------------------------

window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  toast(e.reason?.message ?? 'Something went wrong');
});
route();
