// Shared helpers of the page-level tests (Node's test runner + playwright-core + headless
// Chromium): a dev server per test file (in memory, on a free loopback port, with its own
// secret key), a static server for test pages on another origin, the browser, and the official
// @clerk/backend client. Everything listens on 127.0.0.1 and stops by itself.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createClerkClient } from '@clerk/backend';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const clerkJsDist = join(root, 'node_modules/@clerk/clerk-js/dist');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts `clerk-devserver` in memory; resolves to its instance facts plus `secretKey` and `stop()`. */
export async function startDevServer({ config, seedDemo, movableClock } = {}) {
  const bin = process.env.CLERK_DEVSERVER_BIN || join(root, 'target/debug/clerk-devserver');
  const dir = mkdtempSync(join(tmpdir(), 'clerk-e2e-'));
  const ready = join(dir, 'ready.json');
  const secretKey = `sk_test_${randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 36)}`;
  const args = ['--addr', '127.0.0.1:0', '--in-memory', '--exit-after', '900', '--ready-file', ready, '--static', root];
  if (config) args.push('--config', config);
  if (seedDemo) args.push('--seed-demo');
  if (movableClock) args.push('--movable-clock');
  const child = spawn(bin, args, { env: { ...process.env, CLERK_SECRET_KEY: secretKey }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const stop = () => {
    if (child.exitCode === null) child.kill();
  };
  process.once('exit', stop);
  for (let i = 0; i < 200; i++) {
    if (existsSync(ready) && statSync(ready).size > 0) {
      return { ...JSON.parse(readFileSync(ready, 'utf8')), secretKey, stop, log: () => log };
    }
    if (child.exitCode !== null) throw new Error(`dev server exited:\n${log}`);
    await sleep(50);
  }
  stop();
  throw new Error(`dev server did not start:\n${log}`);
}

/**
 * The browser, as every test launches it (no downloads: Debian's Chromium); `extraArgs` adds
 * Chromium switches (e.g. `--host-resolver-rules` to point a made-up name at 127.0.0.1).
 */
export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };

/**
 * A static server for test pages on its own origin. `routes` maps a path to an HTML string;
 * `/clerk-js/<file>` serves ClerkJS's dist folder (its bundle loads chunks next to itself).
 */
export async function servePages(routes) {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (routes[path] !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(routes[path]);
      return;
    }
    if (path.startsWith('/clerk-js/')) {
      const file = normalize(join(clerkJsDist, path.slice('/clerk-js/'.length)));
      if (file.startsWith(clerkJsDist) && existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
        res.end(readFileSync(file));
        return;
      }
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** The official Backend SDK, pointed at the dev server. */
export function backend(dev, secretKey = dev.secretKey) {
  return createClerkClient({ secretKey, apiUrl: dev.bapiUrl });
}

/** A new page that records console errors and uncaught exceptions (favicon 404s aside). */
export async function newPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.logs = [];
  page.on('console', (m) => {
    page.logs.push(m);
    if (m.type() === 'error' && !/favicon|Failed to load resource/.test(m.text())) page.problems.push(m.text());
  });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  return page;
}

let counter = 0;
/** A unique email address for this run. */
export function uniqueEmail(prefix = 'user') {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@example.com`;
}

/** Creates a user with a password through the Backend API; resolves to `{user, email, password}`. */
export async function createUser(clerk, extra = {}) {
  const email = uniqueEmail(extra.prefix);
  const password = 'correct-horse-battery';
  const { prefix, ...params } = extra;
  const user = await clerk.users.createUser({ emailAddress: [email], password, firstName: 'Pat', lastName: 'Example', ...params });
  return { user, email, password };
}

/** A fresh single-use sign-in token for the user. */
export async function ticket(clerk, userId) {
  return (await clerk.signInTokens.createSignInToken({ userId, expiresInSeconds: 600 })).token;
}

/** The demo user `make demo` seeds (`--seed-demo`). */
export const demo = { email: 'demo@example.com', password: 'clerk-wasm-demo' };

/** Where tests write screenshots for people to look at (named in the README). */
export const artifacts = join(root, 'tests/e2e/artifacts');

/** Moves the clock of a dev server started with `movableClock` forward by `ms`. */
export async function advanceClock(dev, ms) {
  const res = await fetch(`${dev.frontendApiUrl}/dev/clock`, {
    method: 'POST',
    headers: { authorization: `Bearer ${dev.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ advance_ms: ms }),
  });
  if (!res.ok) throw new Error(`advancing the clock failed: ${res.status} ${await res.text()}`);
}

/**
 * The Frontend API requests `dev` captured as they arrived (`GET /dev/requests`, secret key)
 * whose path starts with `prefix`, oldest first.
 */
export async function capturedRequests(dev, prefix = '') {
  const res = await fetch(`${dev.frontendApiUrl}/dev/requests?path_prefix=${encodeURIComponent(prefix)}`, { headers: { authorization: `Bearer ${dev.secretKey}` } });
  if (!res.ok) throw new Error(`captured requests: ${res.status} ${await res.text()}`);
  return (await res.json()).data.reverse();
}

/** Forgets every request `dev` captured. */
export async function clearRequests(dev) {
  const res = await fetch(`${dev.frontendApiUrl}/dev/requests`, { method: 'DELETE', headers: { authorization: `Bearer ${dev.secretKey}` } });
  if (!res.ok) throw new Error(`clearing captured requests: ${res.status} ${await res.text()}`);
}

/** The latest code the dev outbox holds for `to`. */
export async function outboxCode(dev, to) {
  const res = await fetch(`${dev.frontendApiUrl}/dev/outbox?to=${encodeURIComponent(to)}`, {
    headers: { authorization: `Bearer ${dev.secretKey}` },
  });
  if (!res.ok) throw new Error(`outbox: ${res.status} ${await res.text()}`);
  const [latest] = await res.json();
  if (!latest) throw new Error(`no message for ${to}`);
  return latest.code;
}

/**
 * A page that loads the SDK from the dev server, shows who is signed in in `#who`
 * (`signed-in:<user id>` or `signed-out`) and, signed out, mounts the sign-in component.
 */
export const signInMountPage = (fapi, key) => `<!doctype html><html><body><p id="who"></p><div id="sign-in"></div><script type="module">
import Clerk from '${fapi}/pkg/clerk.js';
const clerk = new Clerk('${key}');
window.clerk = clerk;
await clerk.load();
document.getElementById('who').textContent = clerk.user ? 'signed-in:' + clerk.user.id : 'signed-out';
if (!clerk.user) clerk.mountSignIn(document.getElementById('sign-in'));
window.ready = true;
</script></body></html>`;
