// `make bench`: clerk-wasm against the official ClerkJS (@clerk/clerk-js 6.x + @clerk/ui) in one
// run — the same headless Chromium, the same dev server, the same page shape — and writes
// bench/results.md (the table, also printed), bench/chart.svg and bench/results.json.
//
//   node scripts/bench.mjs [--runs N] [--calls N]     (N >= 20 each by default; see bench/README.md)
//
// Phases:
//   1. bytes     one cold load per SDK with brotli and with gzip (after a warm-up load that also
//                fills the static server's compression cache): bytes finished before `loaded`
//                and before the sign-in is on screen;
//   2. time      N cold loads per SDK, rotating which SDK goes first, each in a fresh browser
//                context: navigation start -> loaded, -> sign-in rendered; the FAPI requests and
//                round trips of load(); then a second load in the same context (known browser).
//                Also, for information, clerk-wasm's page with preload hints (pages.mjs);
//   3. calls     a signed-in user per SDK (ticket sign-in; its load() again, known and signed in),
//                N createEmailAddress calls alternating between the SDKs: call -> fetch called,
//                fetch's response -> promise resolved.
// Every context gets the fetch probe (pages.mjs) before any SDK code runs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { ensureClerkUi, CLERK_UI_VERSION } from './bench/clerk-ui.mjs';
import { bytesUntil, classify, fapiWaves, recordNetwork } from './bench/netlog.mjs';
import { clerkJsPage, fetchProbe, wasmPage } from './bench/pages.mjs';
import { serveStatic } from './bench/static-server.mjs';
import { writeReport } from './bench/report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    calls: { type: 'string', default: '24' },
    out: { type: 'string', default: join(root, 'bench') },
  },
});
const RUNS = Number(opts.runs);
const CALLS = Number(opts.calls);
const WARM_CALLS = 3;

// The release-profile dev server that `make build` builds, unless the caller chose one.
process.env.CLERK_DEVSERVER_BIN ||= join(root, 'target/server/clerk-devserver');
const { backend, clerkJsDist, createUser, launchBrowser, startDevServer, ticket } = await import('../tests/e2e/harness.mjs');

for (const f of ['pkg/clerk.js', 'pkg/clerk_wasm_bg.wasm', process.env.CLERK_DEVSERVER_BIN]) {
  if (!existsSync(resolve(root, f))) {
    console.error(`bench: ${f} is missing — run \`make build\` (or \`make bench\`) first`);
    process.exit(1);
  }
}

const clerkJsVersion = JSON.parse(readFileSync(join(clerkJsDist, '../package.json'), 'utf8')).version;
const SDKS = [
  { id: 'wasm', name: 'clerk-wasm' },
  { id: 'clerkjs', name: 'ClerkJS' },
];
// Measured in the time phase only, for information: clerk-wasm's page with preload hints.
const PRELOAD = { id: 'wasmPreload', name: 'clerk-wasm + preload hints' };
const log = (...a) => console.log('bench:', ...a);
const started = Date.now();
const loadBefore = loadavg()[0];

const uiDist = ensureClerkUi(root);
const dev = await startDevServer();
const statics = await serveStatic({ mounts: { 'clerk-wasm': join(root, 'pkg'), 'clerk-js': clerkJsDist, 'clerk-ui': uiDist } });
let browser;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  await statics.close();
  dev.stop();
};
process.once('SIGINT', () => cleanup().then(() => process.exit(130)));

const origins = { staticOrigin: statics.origin, fapiOrigin: dev.frontendApiUrl };
for (const mode of ['auto', 'br', 'gzip']) {
  const enc = `/enc/${mode}`;
  statics.pages[`wasm-${mode}`] = wasmPage({ base: `${enc}/clerk-wasm`, publishableKey: dev.publishableKey, proxyUrl: dev.frontendApiUrl });
  statics.pages[`wasmPreload-${mode}`] = wasmPage({ base: `${enc}/clerk-wasm`, publishableKey: dev.publishableKey, proxyUrl: dev.frontendApiUrl, preload: true });
  statics.pages[`clerkjs-${mode}`] = clerkJsPage({
    base: `${enc}/clerk-js`,
    uiBase: `${enc}/clerk-ui`,
    publishableKey: dev.publishableKey,
    proxyUrl: dev.frontendApiUrl,
  });
}

/** Waits for the page's __bench to be ready (and rendered unless `nomount`); returns it. */
async function waitBench(page, mount = true) {
  await page.waitForFunction(
    (mount) => {
      const b = window.__bench;
      return b && b.ready && (b.error || !mount || b.rendered) ? true : false;
    },
    mount,
    { timeout: 30_000, polling: 50 },
  );
  const b = await page.evaluate(() => window.__bench);
  if (b.error) throw new Error(`page error: ${b.error}`);
  if (!b.isLoaded) throw new Error('clerk.loaded is not true after load()');
  return b;
}

/** One navigation measured: times, bytes, FAPI of load(), external requests. */
async function measure(page, net, url) {
  net.clear();
  await page.goto(url, { waitUntil: 'commit' });
  let b;
  try {
    b = await waitBench(page);
  } catch (e) {
    const failed = net.requests.filter((r) => r.failed || (r.status && r.status >= 400)).map((r) => `${r.url} ${r.failed || r.status}`);
    throw new Error(
      `${url}: ${e.message}\n  uncaught: ${page.problems.join(' | ') || '—'}\n  console: ${page.consoleErrors.join(' | ') || '—'}\n  failed requests: ${failed.join(' | ') || '—'}`,
    );
  }
  const reqs = classify(net.requests, await net.navigationStart(), origins);
  const fetchLog = await page.evaluate(() => window.__fetchLog);
  return {
    loaded: b.loaded,
    rendered: b.rendered,
    phases: phases(reqs, b),
    bytesLoaded: bytesUntil(reqs, b.loaded),
    bytesRendered: bytesUntil(reqs, b.rendered),
    fapi: fapiWaves(reqs, b.loaded, fetchLog, dev.frontendApiUrl),
    external: reqs.filter((r) => r.kind === 'external' && r.t0 <= b.rendered).map((r) => ({ url: r.url, failed: r.failed })),
    timeline: reqs
      .filter((r) => r.kind !== 'other')
      .map((r) => ({ kind: r.kind, method: r.method, url: r.url.replace(statics.origin, '').replace(dev.frontendApiUrl, 'fapi:'), t0: +r.t0.toFixed(1), t1: r.t1 == null ? null : +r.t1.toFixed(1) })),
  };
}

/**
 * Where the time to `loaded` goes, from the network records: navigation -> first SDK file
 * requested; SDK files downloading (those requested before the first FAPI request — a chain of
 * requests for clerk-wasm: clerk.js, then the .wasm); last of them in -> first FAPI request (the
 * SDK evaluating, compiling, starting); the FAPI requests of load(); last answer -> `loaded`.
 */
function phases(reqs, b) {
  const fapi = reqs.filter((r) => r.kind === 'fapi' && r.t0 <= b.loaded);
  if (!fapi.length) return null;
  const fapiStart = Math.min(...fapi.map((r) => r.t0));
  const fapiEnd = Math.max(...fapi.map((r) => r.t1 ?? b.loaded));
  const sdk = reqs.filter((r) => r.kind === 'sdk' && r.t0 < fapiStart);
  const sdkStart = sdk.length ? Math.min(...sdk.map((r) => r.t0)) : fapiStart;
  const sdkEnd = sdk.length ? Math.max(...sdk.map((r) => r.t1 ?? fapiStart)) : fapiStart;
  return {
    toSdk: sdkStart,
    sdkDownload: sdkEnd - sdkStart,
    sdkStartup: fapiStart - sdkEnd,
    fapi: fapiEnd - fapiStart,
    afterFapi: b.loaded - fapiEnd,
    mount: b.rendered - b.loaded,
  };
}

// Loads that failed and were measured again (reported in the notes, never silently dropped).
const failures = [];

/**
 * A cold load in a fresh context, then (if `known`) a second load in the same context. A load
 * that fails (the SDK did not load, a page error) is recorded in `failures` and run again, at
 * most twice.
 */
async function coldLoad(sdk, mode, opts = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await coldLoadOnce(sdk, mode, opts);
    } catch (e) {
      failures.push({ sdk, mode, message: String(e.message).slice(0, 2000) });
      log(`a ${sdk} load failed (attempt ${attempt}): ${e.message}`);
      if (attempt === 3) throw e;
    }
  }
}

async function coldLoadOnce(sdk, mode, { known = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  await context.addInitScript(fetchProbe);
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.problems = problems;
    page.consoleErrors = [];
    page.on('console', (m) => m.type() === 'error' && page.consoleErrors.push(m.text().slice(0, 300)));
    const net = await recordNetwork(context, page);
    const url = `${statics.origin}/page/${sdk}-${mode}`;
    const cold = await measure(page, net, url);
    const second = known ? await measure(page, net, url) : null;
    await net.detach();
    if (problems.length) throw new Error(`${sdk}: uncaught errors in the page: ${problems.join(' | ')}`);
    return { cold, known: second };
  } finally {
    await context.close();
  }
}

async function phaseBytes() {
  const out = {};
  for (const mode of ['br', 'gzip']) {
    for (const sdk of SDKS) {
      await coldLoad(sdk.id, mode); // warm-up: compression cache, dev server, disk cache
      const { cold } = await coldLoad(sdk.id, mode);
      (out[sdk.id] ||= {})[mode] = { bytesLoaded: cold.bytesLoaded, bytesRendered: cold.bytesRendered, external: cold.external };
      log(`bytes ${sdk.name} ${mode}: ${cold.bytesRendered.transfer} B transfer to rendered sign-in`);
    }
  }
  return out;
}

async function phaseTime() {
  const all = [...SDKS, PRELOAD];
  const out = Object.fromEntries(all.map((s) => [s.id, []]));
  for (const sdk of all) await coldLoad(sdk.id, 'auto', { known: true }); // warm-up
  for (let i = 0; i < RUNS; i++) {
    // Each SDK takes each position in turn, so drift of the machine falls on all of them.
    const order = all.map((_, j) => all[(i + j) % all.length]);
    for (const sdk of order) out[sdk.id].push(await coldLoad(sdk.id, 'auto', { known: true }));
    if ((i + 1) % 5 === 0) log(`time: ${i + 1}/${RUNS} cold loads per SDK`);
  }
  return out;
}

async function phaseCalls() {
  const bapi = backend(dev);
  const sessions = {};
  for (const sdk of SDKS) {
    const { user } = await createUser(bapi, { prefix: `bench-${sdk.id}` });
    const context = await browser.newContext();
    await context.addInitScript(fetchProbe);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${statics.origin}/page/${sdk.id}-auto?nomount`);
    await waitBench(page, false);
    const signedIn = await page.evaluate(async (t) => {
      const si = await clerk.client.signIn.create({ strategy: 'ticket', ticket: t });
      await clerk.setActive({ session: si.createdSessionId });
      return clerk.user && clerk.user.id;
    }, await ticket(bapi, user.id));
    if (signedIn !== user.id) throw new Error(`${sdk.name}: ticket sign-in did not sign ${user.id} in`);
    // load() of a known, signed-in browser: the same page loaded again in this context.
    const net = await recordNetwork(context, page);
    await page.goto(`${statics.origin}/page/${sdk.id}-auto?nomount`, { waitUntil: 'commit' });
    const b = await waitBench(page, false);
    const reqs = classify(net.requests, await net.navigationStart(), origins);
    const fetchLog = await page.evaluate(() => window.__fetchLog);
    await net.detach();
    if ((await page.evaluate(() => clerk.user && clerk.user.id)) !== user.id) throw new Error(`${sdk.name}: not signed in after a reload`);
    sessions[sdk.id] = { context, page, problems, signedInLoad: { loaded: b.loaded, fapi: fapiWaves(reqs, b.loaded, fetchLog, dev.frontendApiUrl) } };
  }

  const out = Object.fromEntries(SDKS.map((s) => [s.id, []]));
  for (let i = 0; i < WARM_CALLS + CALLS; i++) {
    const order = i % 2 ? [...SDKS].reverse() : SDKS;
    for (const sdk of order) {
      const email = `bench-${sdk.id}-${Date.now().toString(36)}-${i}@example.com`;
      const r = await sessions[sdk.id].page.evaluate(async (email) => {
        const log = window.__fetchLog;
        const n0 = log.length;
        const t0 = performance.now();
        const ea = await clerk.user.createEmailAddress({ email });
        const t1 = performance.now();
        const calls = log.slice(n0).map((c) => ({ ...c }));
        const ok = ea.emailAddress === email && clerk.user.emailAddresses.some((e) => e.emailAddress === email);
        // Back to the same user for the next call (not measured): every call sees the same state.
        await ea.destroy();
        return { t0, t1, calls, ok };
      }, email);
      if (!r.ok) throw new Error(`${sdk.name}: createEmailAddress did not add ${email}`);
      const mine = r.calls.filter((c) => c.url.includes('/email_addresses') && c.response != null);
      if (!mine.length) throw new Error(`${sdk.name}: createEmailAddress made no fetch to /me/email_addresses (is fetch wrapped?)`);
      if (i < WARM_CALLS) continue;
      const first = mine[0];
      const last = mine.at(-1);
      out[sdk.id].push({
        toRequest: first.sent - r.t0,
        fromResponse: r.t1 - last.response,
        wire: last.response - first.sent,
        total: r.t1 - r.t0,
        fetches: r.calls.length,
        emailFetches: mine.length,
      });
    }
  }
  const signedInLoad = {};
  for (const sdk of SDKS) {
    const { context, problems } = sessions[sdk.id];
    signedInLoad[sdk.id] = sessions[sdk.id].signedInLoad;
    await context.close();
    if (problems.length) throw new Error(`${sdk.name}: uncaught errors in the page: ${problems.join(' | ')}`);
  }
  return { samples: out, signedInLoad };
}

let results;
try {
  browser = await launchBrowser();
  log(`Chromium ${browser.version()}, dev server ${process.env.CLERK_DEVSERVER_BIN}, static server ${statics.origin}`);
  const bytes = await phaseBytes();
  const time = await phaseTime();
  const calls = await phaseCalls();
  results = {
    meta: {
      date: new Date().toISOString(),
      chromium: browser.version(),
      node: process.version,
      devServer: process.env.CLERK_DEVSERVER_BIN.replace(`${root}/`, ''),
      clerkJs: clerkJsVersion,
      clerkUi: CLERK_UI_VERSION,
      runs: RUNS,
      calls: CALLS,
      seconds: Math.round((Date.now() - started) / 1000),
      cpus: cpus().length,
      loadAverage: [loadBefore, loadavg()[0]].map((x) => Math.round(x * 100) / 100),
      notFound: statics.stats().notFound,
      failures,
    },
    sdks: [...SDKS, PRELOAD],
    bytes,
    time,
    calls,
  };
} finally {
  await cleanup();
}

mkdirSync(opts.out, { recursive: true });
const table = writeReport(results, opts.out);
console.log(`\n${table}`);
log(`wrote ${join(opts.out, 'results.md')}, chart.svg, results.json (${results.meta.seconds} s)`);
