// `make bench`: clerk-wasm against the official ClerkJS (@clerk/clerk-js 6.x + @clerk/ui) in one
// run — the same headless Chromium, the same dev server, the same page shape — and writes
// bench/results.md (the table, also printed), bench/chart.svg and bench/results.json.
//
//   node scripts/bench.mjs [--runs N] [--calls N] [--pkg DIR] [--out DIR]
//                          (N = 20 and 24 by default; --pkg: clerk-wasm's files, default pkg/;
//                          see bench/README.md)
//
// clerk-wasm is two modules, as ClerkJS 6 is clerk-js + @clerk/ui: the headless core (clerk.js +
// clerk_wasm_bg.wasm) and the UI module (clerk_ui.js + clerk_ui_bg.wasm), which the core fetches
// from next to itself for mountSignIn/mountSignUp or when load() finds nobody signed in. Both
// count as SDK files. A --pkg without the UI module (a build from before the split) is measured
// as it is: the report says "no separate UI module".
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
//                fetch's response -> promise resolved;
//   4. headless  the signed-in page that mounts nothing (`?nomount`), clerk-wasm against ClerkJS's
//                headless core (clerk.browser.js alone, load() without `ui`): a user per SDK
//                signed in by ticket once, then every load in a fresh context given that
//                context's storage state (cookies, localStorage) — signed in, HTTP cache cold.
//                Bytes (one load per encoding after a warm-up), N loads for the time to `loaded`,
//                and the UI-module files each load requested until the network was idle: any
//                for clerk-wasm fails the bench (after the report is written).
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
    pkg: { type: 'string', default: join(root, 'pkg') },
  },
});
const PKG = resolve(opts.pkg);
const RUNS = Number(opts.runs);
const CALLS = Number(opts.calls);
const WARM_CALLS = 3;

// The release-profile dev server that `make build` builds, unless the caller chose one.
process.env.CLERK_DEVSERVER_BIN ||= join(root, 'target/server/clerk-devserver');
const { backend, clerkJsDist, createUser, launchBrowser, startDevServer, ticket } = await import('../tests/e2e/harness.mjs');

for (const f of [join(PKG, 'clerk.js'), join(PKG, 'clerk_wasm_bg.wasm'), process.env.CLERK_DEVSERVER_BIN]) {
  if (!existsSync(f)) {
    console.error(`bench: ${f} is missing — run \`make build\` (or \`make bench\`) first`);
    process.exit(1);
  }
}
// The UI module's files, when this build has one: both or neither (half a module cannot mount).
const UI_FILES = ['clerk_ui.js', 'clerk_ui_bg.wasm'];
const uiModule = UI_FILES.filter((f) => existsSync(join(PKG, f)));
if (uiModule.length === 1) {
  console.error(`bench: ${PKG} has ${uiModule[0]} but not ${UI_FILES.find((f) => f !== uiModule[0])} — a broken build`);
  process.exit(1);
}

const clerkJsVersion = JSON.parse(readFileSync(join(clerkJsDist, '../package.json'), 'utf8')).version;
const SDKS = [
  { id: 'wasm', name: 'clerk-wasm' },
  { id: 'clerkjs', name: 'ClerkJS' },
];
// Measured in the time phase only, for information: clerk-wasm's page with preload hints.
const PRELOAD = { id: 'wasmPreload', name: 'clerk-wasm + preload hints' };
// The headless signed-in page: clerk-wasm's page (which loads only the core unless it mounts or
// finds nobody signed in) and ClerkJS's headless core; `page` names the page served.
const HEADLESS = [
  { id: 'wasm', page: 'wasm', name: 'clerk-wasm' },
  { id: 'clerkjs', page: 'clerkjsHeadless', name: 'ClerkJS headless core' },
];
const log = (...a) => console.log('bench:', ...a);
const started = Date.now();
const loadBefore = loadavg()[0];

const uiDist = ensureClerkUi(root);
const dev = await startDevServer();
const statics = await serveStatic({ mounts: { 'clerk-wasm': PKG, 'clerk-js': clerkJsDist, 'clerk-ui': uiDist } });
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
  statics.pages[`clerkjsHeadless-${mode}`] = clerkJsPage({ base: `${enc}/clerk-js`, publishableKey: dev.publishableKey, proxyUrl: dev.frontendApiUrl });
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

/**
 * One navigation measured: times, bytes, FAPI of load(), external requests. With `mount` false
 * (a `?nomount` URL) there is no sign-in to wait for: the page is followed until the network is
 * idle (500 ms without a request) so that a file fetched just after `loaded` — a UI-module
 * prefetch — is seen too, and the bytes until then are reported besides those before `loaded`.
 */
async function measure(page, net, url, { mount = true } = {}) {
  net.clear();
  await page.goto(url, { waitUntil: 'commit' });
  let b;
  try {
    b = await waitBench(page, mount);
    if (!mount) await page.waitForLoadState('networkidle', { timeout: 15_000 });
  } catch (e) {
    const failed = net.requests.filter((r) => r.failed || (r.status && r.status >= 400)).map((r) => `${r.url} ${r.failed || r.status}`);
    throw new Error(
      `${url}: ${e.message}\n  uncaught: ${page.problems.join(' | ') || '—'}\n  console: ${page.consoleErrors.join(' | ') || '—'}\n  failed requests: ${failed.join(' | ') || '—'}`,
    );
  }
  const reqs = classify(net.requests, await net.navigationStart(), origins);
  const fetchLog = await page.evaluate(() => window.__fetchLog);
  const end = mount ? b.rendered : Infinity;
  return {
    loaded: b.loaded,
    userId: b.userId,
    ...(mount ? { rendered: b.rendered, phases: phases(reqs, b), bytesRendered: bytesUntil(reqs, b.rendered) } : { bytesIdle: bytesUntil(reqs, Infinity) }),
    bytesLoaded: bytesUntil(reqs, b.loaded),
    // Every request for a UI file (clerk-wasm's UI module, @clerk/ui), finished or not.
    uiRequests: reqs.filter((r) => r.kind === 'sdk' && r.part === 'ui').map((r) => r.url.replace(statics.origin, '')),
    fapi: fapiWaves(reqs, b.loaded, fetchLog, dev.frontendApiUrl),
    external: reqs.filter((r) => r.kind === 'external' && r.t0 <= end).map((r) => ({ url: r.url, failed: r.failed })),
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
 * A cold load in a fresh context, then (if `known`) a second load in the same context. With
 * `signedIn` ({storageState, userId}) the context starts with a signed-in browser's cookies and
 * storage, the page mounts nothing, and load() must find that user. A load that fails (the SDK
 * did not load, a page error, the wrong user) is recorded in `failures` and run again, at most
 * twice.
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

async function coldLoadOnce(sdk, mode, { known = false, signedIn = null } = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, storageState: signedIn?.storageState });
  await context.addInitScript(fetchProbe);
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.problems = problems;
    page.consoleErrors = [];
    page.on('console', (m) => m.type() === 'error' && page.consoleErrors.push(m.text().slice(0, 300)));
    const net = await recordNetwork(context, page);
    const url = `${statics.origin}/page/${sdk}-${mode}${signedIn ? '?nomount' : ''}`;
    const cold = await measure(page, net, url, { mount: !signedIn });
    const second = known ? await measure(page, net, url, { mount: !signedIn }) : null;
    await net.detach();
    if (problems.length) throw new Error(`${sdk}: uncaught errors in the page: ${problems.join(' | ')}`);
    if (signedIn && cold.userId !== signedIn.userId) throw new Error(`${sdk}: load() found ${cold.userId ?? 'nobody'} signed in, not ${signedIn.userId}`);
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

/** Loads `url` (a `?nomount` page) and signs `userId` in there by ticket, as the page's SDK. */
async function signIn(page, url, bapi, userId, name) {
  await page.goto(url);
  await waitBench(page, false);
  const signedIn = await page.evaluate(async (t) => {
    const si = await clerk.client.signIn.create({ strategy: 'ticket', ticket: t });
    await clerk.setActive({ session: si.createdSessionId });
    return clerk.user && clerk.user.id;
  }, await ticket(bapi, userId));
  if (signedIn !== userId) throw new Error(`${name}: ticket sign-in did not sign ${userId} in`);
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
    await signIn(page, `${statics.origin}/page/${sdk.id}-auto?nomount`, bapi, user.id, sdk.name);
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

/**
 * The signed-in page that mounts nothing, clerk-wasm against ClerkJS's headless core. Each SDK
 * signs its own user in once (on its headless page); every measured load then starts a fresh
 * context from that context's storage state. `ui` collects, per SDK, the UI files any of these
 * loads requested (warm-ups included).
 */
async function phaseHeadless() {
  const bapi = backend(dev);
  const signedIn = {};
  for (const sdk of HEADLESS) {
    const { user } = await createUser(bapi, { prefix: `bench-headless-${sdk.id}` });
    const context = await browser.newContext();
    try {
      await signIn(await context.newPage(), `${statics.origin}/page/${sdk.page}-auto?nomount`, bapi, user.id, sdk.name);
      signedIn[sdk.id] = { userId: user.id, storageState: await context.storageState() };
    } finally {
      await context.close();
    }
  }
  const ui = Object.fromEntries(HEADLESS.map((s) => [s.id, { loads: 0, requests: [] }]));
  const load = async (sdk, mode) => {
    const { cold } = await coldLoad(sdk.page, mode, { signedIn: signedIn[sdk.id] });
    ui[sdk.id].loads += 1;
    ui[sdk.id].requests.push(...cold.uiRequests);
    return cold;
  };

  const bytes = Object.fromEntries(HEADLESS.map((s) => [s.id, {}]));
  for (const mode of ['br', 'gzip']) {
    for (const sdk of HEADLESS) {
      await load(sdk, mode); // warm-up
      const cold = await load(sdk, mode);
      bytes[sdk.id][mode] = { bytesLoaded: cold.bytesLoaded, bytesIdle: cold.bytesIdle, external: cold.external };
      log(`headless ${sdk.name} ${mode}: ${cold.bytesLoaded.transfer} B transfer to \`loaded\`, signed in`);
    }
  }
  const time = Object.fromEntries(HEADLESS.map((s) => [s.id, []]));
  for (const sdk of HEADLESS) await load(sdk, 'auto'); // warm-up
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? [...HEADLESS].reverse() : HEADLESS;
    for (const sdk of order) {
      const cold = await load(sdk, 'auto');
      time[sdk.id].push({ loaded: cold.loaded, fapi: cold.fapi, bytesLoadedTransfer: cold.bytesLoaded.transfer, timeline: cold.timeline });
    }
    if ((i + 1) % 5 === 0) log(`headless: ${i + 1}/${RUNS} signed-in loads per SDK`);
  }
  return { sdks: HEADLESS, bytes, time, ui };
}

let results;
try {
  browser = await launchBrowser();
  log(`Chromium ${browser.version()}, dev server ${process.env.CLERK_DEVSERVER_BIN}, static server ${statics.origin}`);
  const bytes = await phaseBytes();
  const time = await phaseTime();
  const calls = await phaseCalls();
  const headless = await phaseHeadless();
  results = {
    meta: {
      date: new Date().toISOString(),
      chromium: browser.version(),
      node: process.version,
      devServer: process.env.CLERK_DEVSERVER_BIN.replace(`${root}/`, ''),
      clerkJs: clerkJsVersion,
      clerkUi: CLERK_UI_VERSION,
      pkg: PKG.startsWith(`${root}/`) ? PKG.slice(root.length + 1) : PKG,
      uiModule,
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
    headless,
  };
} finally {
  await cleanup();
}

mkdirSync(opts.out, { recursive: true });
const table = writeReport(results, opts.out);
console.log(`\n${table}`);
log(`wrote ${join(opts.out, 'results.md')}, chart.svg, results.json (${results.meta.seconds} s)`);

// The point of the split: a signed-in page that shows no component never pays for the UI.
const { loads, requests } = results.headless.ui.wasm;
if (requests.length) {
  console.error(
    `\nbench: FAILED — clerk-wasm's signed-in page without a component fetched the UI module: ` +
      `${requests.length} request(s) in ${loads} loads (${[...new Set(requests)].join(', ')})`,
  );
  process.exit(1);
}
log(`UI module files fetched by clerk-wasm's signed-in page: 0 in ${loads} loads`);
