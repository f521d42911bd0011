// `make load`: a short load test of the dev server's Frontend API.
//
// Starts its own dev server (in memory, on a free loopback port, stopping by itself), creates
// users with passwords through the Backend API, then measures, each phase a few seconds:
//   - GET /v1/client, token minting (POST /v1/client/sessions/{id}/tokens) and password
//     sign-in (POST /v1/client/sign_ins with identifier + password, which Clerk completes in one
//     request) at 10 and 50 concurrent clients: requests/s, p50, p99, errors;
//   - the p50 of one reader looping GET /v1/client, idle and next to 4 password sign-in loops,
//     against the target of at most 2x (a password check must not make readers wait).
// Every virtual client is a browser in cookie mode: its own `__client` cookie, kept from every
// answer (the cookie is rotated when a sign-in completes). Password sign-ins start from a new
// client each time (a signed-in client takes no second session in single-session mode).
//
//   node scripts/load.mjs            the dev server is target/server/clerk-devserver
//   CLERK_DEVSERVER_BIN=… node scripts/load.mjs
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PHASE_MS = Number(process.env.LOAD_PHASE_MS || 3000);
const USERS = 50;
const PASSWORD = 'load-test-password';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function serverBinary() {
  if (process.env.CLERK_DEVSERVER_BIN) return process.env.CLERK_DEVSERVER_BIN;
  const targetDir = process.env.CARGO_TARGET_DIR || join(root, 'target');
  return join(targetDir, 'server/clerk-devserver');
}

async function startServer() {
  const bin = serverBinary();
  if (!existsSync(bin)) throw new Error(`no dev server at ${bin}: run cargo build -p clerk-devserver --profile server`);
  const dir = mkdtempSync(join(tmpdir(), 'clerk-load-'));
  const ready = join(dir, 'ready.json');
  const secretKey = `sk_test_${randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 36)}`;
  // --exit-after: the server never outlives this script, whatever happens to it.
  const args = ['--addr', '127.0.0.1:0', '--in-memory', '--exit-after', '180', '--ready-file', ready];
  const child = spawn(bin, args, { env: { ...process.env, CLERK_SECRET_KEY: secretKey, RUST_LOG: 'clerk_devserver=warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const stop = () => {
    if (child.exitCode === null) child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  for (let i = 0; i < 200; i++) {
    if (existsSync(ready) && statSync(ready).size > 0) {
      return { ...JSON.parse(readFileSync(ready, 'utf8')), secretKey, stop, bin };
    }
    if (child.exitCode !== null) throw new Error(`dev server exited:\n${log}`);
    await sleep(50);
  }
  stop();
  throw new Error(`dev server did not start:\n${log}`);
}

/** A browser in cookie mode: one `__client` cookie, replaced by every `Set-Cookie` for it. */
class Browser {
  constructor(base) {
    this.base = base;
    this.cookie = null;
  }
  async request(method, path, form) {
    const headers = {};
    if (this.cookie) headers.cookie = `__client=${this.cookie}`;
    if (method !== 'GET') headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(this.base + path, { method, headers, body: method === 'GET' ? undefined : form ?? '' });
    for (const c of res.headers.getSetCookie()) {
      const m = /^__client=([^;]*)/.exec(c);
      if (m) this.cookie = m[1] || null;
    }
    const text = await res.text();
    return { status: res.status, text };
  }
}

async function bapi(server, method, path, body) {
  const res = await fetch(`${server.bapiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.secretKey}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

const signInForm = (i) => new URLSearchParams({ identifier: `load${i}@example.com`, strategy: 'password', password: PASSWORD }).toString();

/** Signs a new browser in as user `i`; returns the browser and its session id. */
async function signedIn(server, i) {
  const b = new Browser(server.frontendApiUrl);
  const r = await b.request('POST', '/v1/client/sign_ins', signInForm(i));
  if (r.status !== 200) throw new Error(`sign-in of load${i}: ${r.status} ${r.text}`);
  return { browser: b, sessionId: JSON.parse(r.text).response.created_session_id };
}

/** Runs `workers` loops of `op` for `ms`; every call's latency and whether it failed. */
async function run(workers, ms, op) {
  const latencies = [];
  let errors = 0;
  const end = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        let ok = false;
        try {
          ok = await op(w);
        } catch {
          ok = false;
        }
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { n: latencies.length, rps: latencies.length / elapsed, p50: pct(latencies, 50), p99: pct(latencies, 99), errors };
}

function pct(values, p) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');

async function main() {
  const t0 = performance.now();
  const server = await startServer();
  console.log(`dev server: ${server.bin} at ${server.frontendApiUrl}; phases of ${PHASE_MS} ms`);
  try {
    // Users, created 5 at a time (each costs the server one password hash).
    for (let i = 0; i < USERS; i += 5) {
      await Promise.all(
        [0, 1, 2, 3, 4].map((k) => bapi(server, 'POST', '/v1/users', { email_address: [`load${i + k}@example.com`], password: PASSWORD })),
      );
    }
    const sessions = [];
    for (let i = 0; i < USERS; i += 5) sessions.push(...(await Promise.all([0, 1, 2, 3, 4].map((k) => signedIn(server, i + k)))));

    const rows = [];
    for (const workers of [10, 50]) {
      rows.push(['GET /v1/client', workers, await run(workers, PHASE_MS, async (w) => (await sessions[w].browser.request('GET', '/v1/client')).status === 200)]);
      rows.push([
        'POST …/tokens',
        workers,
        await run(workers, PHASE_MS, async (w) => {
          const s = sessions[w];
          return (await s.browser.request('POST', `/v1/client/sessions/${s.sessionId}/tokens`)).status === 200;
        }),
      ]);
      rows.push([
        'password sign-in',
        workers,
        await run(workers, PHASE_MS, async (w) => {
          const b = new Browser(server.frontendApiUrl);
          const r = await b.request('POST', '/v1/client/sign_ins', signInForm(w % USERS));
          return r.status === 200 && JSON.parse(r.text).response.status === 'complete';
        }),
      ]);
    }
    console.log('');
    console.log('| request | clients | requests/s | p50 ms | p99 ms | errors |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [name, workers, r] of rows) {
      console.log(`| ${name} | ${workers} | ${fmt(r.rps, 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.errors}/${r.n} |`);
    }

    // One reader, idle and next to 4 password sign-in loops.
    const reader = sessions[0].browser;
    const read = async () => (await reader.request('GET', '/v1/client')).status === 200;
    const idle = await run(1, PHASE_MS, read);
    const signIns = run(4, PHASE_MS + 500, async (w) => {
      const b = new Browser(server.frontendApiUrl);
      return (await b.request('POST', '/v1/client/sign_ins', signInForm(10 + w))).status === 200;
    });
    await sleep(250);
    const busy = await run(1, PHASE_MS, read);
    const writers = await signIns;
    const ratio = busy.p50 / idle.p50;
    console.log('');
    console.log('| GET /v1/client, one reader | p50 ms | p99 ms | requests |');
    console.log('|---|---:|---:|---:|');
    console.log(`| idle | ${fmt(idle.p50, 2)} | ${fmt(idle.p99, 2)} | ${idle.n} |`);
    console.log(`| next to 4 password sign-in loops (${fmt(writers.rps, 0)} sign-ins/s) | ${fmt(busy.p50, 2)} | ${fmt(busy.p99, 2)} | ${busy.n} |`);
    console.log('');
    console.log(`reader p50 ratio: ${fmt(ratio, 2)}x (target <= 2x: ${ratio <= 2 ? 'met' : 'NOT met'})`);
    console.log(`total time: ${fmt((performance.now() - t0) / 1000)} s`);
  } finally {
    server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
