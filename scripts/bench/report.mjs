// Turns the bench's measurements into bench/results.md (returned, to be printed),
// bench/chart.svg (drawn here, no chart library) and bench/results.json (the samples).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, mode, summary } from './stats.mjs';

// Targets the table reports against.
const TARGET_BYTES = 0.3; // bytes to rendered sign-in, clerk-wasm / ClerkJS
const TARGET_LOADED = 0.6; // median time to `loaded`, clerk-wasm / ClerkJS
const TARGET_RENDERED = 0.3; // median time from navigation start to the sign-in on screen, clerk-wasm / ClerkJS
const TARGET_ROUND_TRIPS = 1; // FAPI round trips in load() once the browser is known
const TARGET_HEADLESS_UI = 0; // UI-module files a signed-in page without a component requests

const kb = (b) => (b == null ? '—' : `${(b / 1000).toFixed(1)} KB`);
const ms = (x) => (x == null ? '—' : x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`);
const msFine = (x) => (x == null ? '—' : `${x.toFixed(2)} ms`);
const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);
const fmtRatio = (r) => (r == null ? '—' : r.toFixed(2));
const yes = (ok) => (ok ? '**yes**' : '**no**');

/** "2" when every run agrees, else "2 (1–3)" — the mode and the range. */
function counted(xs) {
  const m = mode(xs);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? String(m) : `${m} (${lo}–${hi} over ${xs.length} runs)`;
}

const fapiList = (f) =>
  [...new Set(f.list.map((r) => r.wave))]
    .map((w) => f.list.filter((r) => r.wave === w).map((r) => `\`${r.method === 'POST' && r.path.includes('_method=') ? r.path.split('_method=')[1] : r.method} ${r.path.split('?')[0]}\``).join(' ‖ '))
    .join(' → ') || '—';

export function writeReport(results, out) {
  const { meta, bytes, time, calls, headless } = results;
  const W = 'wasm';
  const C = 'clerkjs';
  const P = time.wasmPreload ? 'wasmPreload' : null;
  // A build from before the core/UI split has its components inside the core.
  const hasUi = meta.uiModule.length > 0;
  const NO_UI = 'no separate UI module';

  // ---- derived numbers -------------------------------------------------------------------
  const t = (id, f) => summary(time[id].map(f));
  const T = {};
  for (const id of [W, C, P].filter(Boolean)) {
    T[id] = {
      loaded: t(id, (r) => r.cold.loaded),
      rendered: t(id, (r) => r.cold.rendered),
      mount: t(id, (r) => r.cold.rendered - r.cold.loaded),
      knownLoaded: t(id, (r) => r.known.loaded),
      knownRendered: t(id, (r) => r.known.rendered),
      coldReq: time[id].map((r) => r.cold.fapi.requests),
      coldRt: time[id].map((r) => r.cold.fapi.roundTrips),
      coldPre: time[id].map((r) => r.cold.fapi.preflights),
      knownReq: time[id].map((r) => r.known.fapi.requests),
      knownRt: time[id].map((r) => r.known.fapi.roundTrips),
      knownPre: time[id].map((r) => r.known.fapi.preflights),
      brRendered: time[id].map((r) => r.cold.bytesRendered.transfer),
    };
  }
  const B = (id, enc, at) => bytes[id][enc][at];
  const call = {};
  for (const id of [W, C]) {
    const s = calls.samples[id];
    call[id] = {
      toRequest: median(s.map((x) => x.toRequest)),
      fromResponse: median(s.map((x) => x.fromResponse)),
      sdk: median(s.map((x) => x.toRequest + x.fromResponse)),
      wire: median(s.map((x) => x.wire)),
      total: median(s.map((x) => x.total)),
      fetches: s.map((x) => x.fetches),
      n: s.length,
    };
  }

  const bytesRatio = {
    br: ratio(B(W, 'br', 'bytesRendered').transfer, B(C, 'br', 'bytesRendered').transfer),
    gzip: ratio(B(W, 'gzip', 'bytesRendered').transfer, B(C, 'gzip', 'bytesRendered').transfer),
  };
  const loadedRatio = ratio(T[W].loaded.median, T[C].loaded.median);
  const renderedRatio = ratio(T[W].rendered.median, T[C].rendered.median);
  const H = {};
  for (const id of [W, C]) H[id] = { loaded: summary(headless.time[id].map((r) => r.loaded)), rt: headless.time[id].map((r) => r.fapi.roundTrips), req: headless.time[id].map((r) => r.fapi.requests) };
  const HB = (id, enc, at = 'bytesLoaded') => headless.bytes[id][enc][at];
  const headlessRatio = { br: ratio(HB(W, 'br').transfer, HB(C, 'br').transfer), gzip: ratio(HB(W, 'gzip').transfer, HB(C, 'gzip').transfer), loaded: ratio(H[W].loaded.median, H[C].loaded.median) };
  const uiFetched = headless.ui[W].requests.length;
  const knownRt = mode(T[W].knownRt);
  const knownRtMax = Math.max(...T[W].knownRt);

  // ---- markdown --------------------------------------------------------------------------
  const L = [];
  const row = (...cells) => L.push(`| ${cells.join(' | ')} |`);
  L.push('# clerk-wasm vs ClerkJS — `make bench`');
  L.push('');
  L.push(
    `${meta.date.slice(0, 16).replace('T', ' ')} UTC · headless Chromium ${meta.chromium} · Node ${meta.node} · dev server \`${meta.devServer}\` (in memory) · ` +
      `${meta.runs} cold loads and ${meta.calls} \`createEmailAddress\` calls per SDK · ${meta.seconds} s · ${meta.cpus} CPUs, ` +
      `1-minute load average ${meta.loadAverage[0]} at the start, ${meta.loadAverage[1]} at the end.`,
  );
  L.push('');
  L.push(
    `**ClerkJS** = \`@clerk/clerk-js\` ${meta.clerkJs} \`clerk.browser.js\` + \`@clerk/ui\` ${meta.clerkUi} \`ui.browser.js\` and the chunks they load; ` +
      (hasUi
        ? `**clerk-wasm** = its headless core \`${meta.pkg}/clerk.js\` + \`clerk_wasm_bg.wasm\` and its UI module \`clerk_ui.js\` + \`clerk_ui_bg.wasm\` ` +
          '(which the core fetches from next to itself for `mountSignIn`, or earlier when `load()` finds nobody signed in). '
        : `**clerk-wasm** = \`${meta.pkg}/clerk.js\` + \`clerk_wasm_bg.wasm\`, the components inside the core (this build has ${NO_UI}). `) +
      'Both from one static server (gzip -9 / brotli -q 11 by Accept-Encoding), ' +
      'both pages the same shape (`await clerk.load()`, then `clerk.mountSignIn(el)`), both against the same dev server through `proxyUrl`. ' +
      "The signed-in page without a component compares clerk-wasm with **ClerkJS's headless core** (`clerk.browser.js` alone, `load()` without `ui`). " +
      'KB = 1000 bytes; transfer = bytes on the wire (headers included), decoded = bodies as the page sees them; times from navigation start.',
  );
  L.push('');
  L.push('## Targets');
  L.push('');
  row('target', 'clerk-wasm', 'ClerkJS', 'clerk-wasm / ClerkJS', 'goal', 'met');
  row('---', '---:', '---:', '---:', '---:', ':---:');
  for (const enc of ['br', 'gzip']) {
    const r = bytesRatio[enc];
    row(
      `bytes to rendered sign-in, ${encName(enc)} (transfer, page + SDK + FAPI)`,
      kb(B(W, enc, 'bytesRendered').transfer),
      kb(B(C, enc, 'bytesRendered').transfer),
      r.toFixed(3),
      `≤ ${TARGET_BYTES.toFixed(2)}`,
      yes(r <= TARGET_BYTES),
    );
  }
  {
    const a = B(W, 'br', 'bytesRendered').byKind.sdk.transfer;
    const b = B(C, 'br', 'bytesRendered').byKind.sdk.transfer;
    const r = a / b;
    row(
      '… for information: SDK files only, brotli (the page and the FAPI answers are the same for both)',
      kb(a),
      kb(b),
      r.toFixed(3),
      `≤ ${TARGET_BYTES.toFixed(2)}`,
      r <= TARGET_BYTES ? '(yes)' : '(no)',
    );
  }
  row(
    `time to \`loaded\`, median of ${meta.runs} cold loads`,
    ms(T[W].loaded.median),
    ms(T[C].loaded.median),
    fmtRatio(loadedRatio),
    `≤ ${TARGET_LOADED.toFixed(2)}`,
    yes(loadedRatio <= TARGET_LOADED),
  );
  if (P) {
    const r = ratio(T[P].loaded.median, T[C].loaded.median);
    row(
      '… for information: clerk-wasm page with preload hints (not the README form)',
      ms(T[P].loaded.median),
      ms(T[C].loaded.median),
      fmtRatio(r),
      `≤ ${TARGET_LOADED.toFixed(2)}`,
      r <= TARGET_LOADED ? '(yes)' : '(no)',
    );
  }
  row(
    `time to the sign-in on screen (navigation start → rendered), median of ${meta.runs} cold loads`,
    ms(T[W].rendered.median),
    ms(T[C].rendered.median),
    fmtRatio(renderedRatio),
    `≤ ${TARGET_RENDERED.toFixed(2)}`,
    yes(renderedRatio <= TARGET_RENDERED),
  );
  row(
    'FAPI round trips in `load()`, known browser',
    counted(T[W].knownRt),
    counted(T[C].knownRt),
    '—',
    String(TARGET_ROUND_TRIPS),
    yes(knownRt === TARGET_ROUND_TRIPS && knownRtMax === TARGET_ROUND_TRIPS),
  );
  // The headless signed-in page against ClerkJS's headless core: reported, with no goal of its
  // own, except that it must not fetch the UI module.
  for (const enc of ['br', 'gzip'])
    row(
      `signed-in page, no component: bytes to \`loaded\`, ${encName(enc)} (transfer, page + SDK + FAPI) — vs ClerkJS's headless core`,
      kb(HB(W, enc).transfer),
      kb(HB(C, enc).transfer),
      headlessRatio[enc].toFixed(3),
      'none set',
      '—',
    );
  row(
    `signed-in page, no component: time to \`loaded\`, median of ${H[W].loaded.n} loads — vs ClerkJS's headless core`,
    ms(H[W].loaded.median),
    ms(H[C].loaded.median),
    fmtRatio(headlessRatio.loaded),
    'none set',
    '—',
  );
  row(
    `signed-in page, no component: UI-module files fetched (${headless.ui[W].loads} loads)`,
    hasUi ? String(uiFetched) : `${uiFetched} (${NO_UI})`,
    '—',
    '—',
    String(TARGET_HEADLESS_UI),
    yes(uiFetched === TARGET_HEADLESS_UI),
  );
  L.push('');

  L.push('## Bytes a page downloads');
  L.push('');
  L.push('Responses finished before the moment (one cold load per encoding; the HTML page, the SDK files, the FAPI answers).');
  L.push('');
  row('', 'clerk-wasm', 'ClerkJS', 'clerk-wasm / ClerkJS');
  row('---', '---:', '---:', '---:');
  for (const [at, label] of [
    ['bytesLoaded', 'before `loaded`'],
    ['bytesRendered', 'before the sign-in is on screen'],
  ]) {
    for (const enc of ['br', 'gzip']) {
      const a = B(W, enc, at).transfer;
      const b = B(C, enc, at).transfer;
      row(`${label} — transfer, ${encName(enc)}`, kb(a), kb(b), fmtRatio(ratio(a, b)));
    }
    const a = B(W, 'br', at).decoded;
    const b = B(C, 'br', at).decoded;
    row(`${label} — decoded`, kb(a), kb(b), fmtRatio(ratio(a, b)));
  }
  const split = (b) => `${kb(b.transfer)} / ${kb(b.decoded)}`;
  for (const [kind, label] of [
    ['sdk', 'SDK files'],
    ['fapi', 'FAPI answers (compressed by the dev server as the browser accepts)'],
    ['page', 'the HTML page'],
  ]) {
    const a = B(W, 'br', 'bytesRendered').byKind[kind];
    const b = B(C, 'br', 'bytesRendered').byKind[kind];
    row(`… of which ${label}, brotli transfer / decoded`, split(a), split(b), fmtRatio(ratio(a.transfer, b.transfer)));
    if (kind !== 'sdk') continue;
    const [wCore, cCore] = [W, C].map((id) => B(id, 'br', 'bytesRendered').byPart.core);
    const [wUi, cUi] = [W, C].map((id) => B(id, 'br', 'bytesRendered').byPart.ui);
    row('… … the headless core (clerk-wasm: `clerk.js`, `clerk_wasm_bg.wasm`; ClerkJS: clerk-js files)', split(wCore), split(cCore), fmtRatio(ratio(wCore.transfer, cCore.transfer)));
    row(
      '… … the UI module (clerk-wasm: `clerk_ui.js`, `clerk_ui_bg.wasm`; ClerkJS: @clerk/ui files)',
      hasUi ? split(wUi) : NO_UI,
      split(cUi),
      hasUi ? fmtRatio(ratio(wUi.transfer, cUi.transfer)) : '—',
    );
  }
  const files = (id) => B(id, 'br', 'bytesRendered').files;
  row('SDK files fetched before the sign-in is on screen', String(files(W).length), String(files(C).length), '');
  row(
    '… of which UI-module files',
    hasUi ? String(files(W).filter((f) => f.part === 'ui').length) : NO_UI,
    String(files(C).filter((f) => f.part === 'ui').length),
    '',
  );
  L.push('');
  L.push('<details><summary>Files (transfer brotli · gzip · decoded)</summary>');
  L.push('');
  fileTable(row, [
    ['clerk-wasm', B(W, 'br', 'bytesRendered'), B(W, 'gzip', 'bytesRendered')],
    ['ClerkJS', B(C, 'br', 'bytesRendered'), B(C, 'gzip', 'bytesRendered')],
  ]);
  L.push('');
  L.push('</details>');
  L.push('');

  L.push(`## Time (${meta.runs} cold loads each, a fresh browser context each time)`);
  L.push('');
  row('', 'clerk-wasm median', 'p95', 'ClerkJS median', 'p95', 'clerk-wasm / ClerkJS (medians)');
  row('---', '---:', '---:', '---:', '---:', '---:');
  for (const [k, label] of [
    ['loaded', 'navigation start → `loaded`'],
    ['rendered', 'navigation start → sign-in on screen'],
    ['mount', '`loaded` → sign-in on screen'],
    ['knownLoaded', 'known browser (same context, HTTP cache warm) → `loaded`'],
    ['knownRendered', 'known browser → sign-in on screen'],
  ]) {
    row(label, ms(T[W][k].median), ms(T[W][k].p95), ms(T[C][k].median), ms(T[C][k].p95), fmtRatio(ratio(T[W][k].median, T[C][k].median)));
  }
  L.push('');
  if (P) {
    L.push(
      'For information, clerk-wasm\'s page with two preload hints in its head — `<link rel="modulepreload" href=".../clerk.js">` and ' +
        '`<link rel="preload" as="fetch" crossorigin href=".../clerk_wasm_bg.wasm">` — so both files download in parallel from the start ' +
        `(measured in the same rotation, ${T[P].loaded.n} cold loads):`,
    );
    L.push('');
    row('', 'clerk-wasm + preload median', 'p95', 'ClerkJS median', 'p95', 'ratio (medians)');
    row('---', '---:', '---:', '---:', '---:', '---:');
    for (const [k, label] of [
      ['loaded', 'navigation start → `loaded`'],
      ['rendered', 'navigation start → sign-in on screen'],
    ]) {
      row(label, ms(T[P][k].median), ms(T[P][k].p95), ms(T[C][k].median), ms(T[C][k].p95), fmtRatio(ratio(T[P][k].median, T[C][k].median)));
    }
    L.push('');
  }

  L.push('### Where the time goes (medians of each step; cold loads, and known-browser loads whose SDK files come from the HTTP cache)');
  L.push('');
  const stepIds = [W, C, P].filter(Boolean);
  const stepHead = ['clerk-wasm', 'ClerkJS', ...(P ? ['clerk-wasm + preload'] : [])];
  row('step', ...stepHead.map((h) => `${h} cold`), ...stepHead.map((h) => `${h} known`));
  row('---', ...stepIds.map(() => '---:'), ...stepIds.map(() => '---:'));
  for (const [k, label] of [
    ['toSdk', 'navigation start → first SDK file requested (HTML, renderer)'],
    ['sdkDownload', 'SDK files needed by `load()`: first requested → last in'],
    ['sdkStartup', 'last SDK file in → first FAPI request (evaluate, compile, start)'],
    ['fapi', 'FAPI requests of `load()`: first sent → last answered'],
    ['afterFapi', 'last FAPI answer → `loaded` resolves'],
    ['mount', '`loaded` → sign-in on screen (`mountSignIn`)'],
  ]) {
    row(
      label,
      ...stepIds.map((id) => ms(median(time[id].map((r) => r.cold.phases?.[k])))),
      ...stepIds.map((id) => ms(median(time[id].map((r) => r.known.phases?.[k])))),
    );
  }
  L.push('');

  L.push('## FAPI requests during `load()`');
  L.push('');
  L.push(
    'Requests to the dev server started before `loaded` resolved (from the network records). A round trip is a wave: requests that start after an ' +
      'earlier FAPI answer arrived open the next one — "start" and "arrived" as the page sees them (the SDK calling fetch, fetch resolving).',
  );
  L.push('');
  const firstCold = (id) => time[id][0].cold.fapi;
  const firstKnown = (id) => time[id][0].known.fapi;
  row('', 'clerk-wasm', 'ClerkJS');
  row('---', '---', '---');
  row('cold (fresh context): requests', counted(T[W].coldReq), counted(T[C].coldReq));
  row('cold: round trips', counted(T[W].coldRt), counted(T[C].coldRt));
  row('cold: sequence', fapiList(firstCold(W)), fapiList(firstCold(C)));
  row('known browser (second load, same context): requests', counted(T[W].knownReq), counted(T[C].knownReq));
  row('known browser: round trips', counted(T[W].knownRt), counted(T[C].knownRt));
  row('known browser: sequence', fapiList(firstKnown(W)), fapiList(firstKnown(C)));
  const si = calls.signedInLoad;
  row('known browser, signed in: requests / round trips', `${si[W].fapi.requests} / ${si[W].fapi.roundTrips}`, `${si[C].fapi.requests} / ${si[C].fapi.roundTrips}`);
  row('known browser, signed in: sequence', fapiList(si[W].fapi), fapiList(si[C].fapi));
  const pre = [...T[W].coldPre, ...T[W].knownPre, ...T[C].coldPre, ...T[C].knownPre].reduce((a, b) => a + b, 0);
  row('CORS preflights (all loads)', String([...T[W].coldPre, ...T[W].knownPre].reduce((a, b) => a + b, 0)), String([...T[C].coldPre, ...T[C].knownPre].reduce((a, b) => a + b, 0)));
  L.push('');

  L.push("## Signed-in page without a component: clerk-wasm against ClerkJS's headless core");
  L.push('');
  L.push(
    'A user signed in (by ticket, once per SDK), the same page loaded with `?nomount`: `await clerk.load()` and nothing mounted — a page that ' +
      "only reads `clerk.user` or calls its methods. ClerkJS's side is **ClerkJS's headless core**: `@clerk/clerk-js`'s `clerk.browser.js` alone, " +
      '`Clerk.load()` without `ui` — ClerkJS 6 keeps its components in `@clerk/ui`, so this is the least it downloads for such a page and the fair ' +
      "comparison for clerk-wasm's core (the mounted-sign-in tables above compare the full stacks). Each load is a fresh browser context started " +
      "from the signed-in context's storage state (cookies, localStorage): signed in, HTTP cache cold. Bytes: one load per encoding after a warm-up, " +
      `responses finished before \`loaded\`, and everything until the network was idle (500 ms without a request). Time: ${H[W].loaded.n} loads each, alternating.`,
  );
  L.push('');
  row('', 'clerk-wasm', "ClerkJS's headless core", 'clerk-wasm / ClerkJS');
  row('---', '---:', '---:', '---:');
  for (const enc of ['br', 'gzip']) {
    const [a, b] = [HB(W, enc).transfer, HB(C, enc).transfer];
    row(`before \`loaded\` — transfer, ${encName(enc)} (page + SDK + FAPI)`, kb(a), kb(b), fmtRatio(ratio(a, b)));
  }
  row('before `loaded` — decoded', kb(HB(W, 'br').decoded), kb(HB(C, 'br').decoded), fmtRatio(ratio(HB(W, 'br').decoded, HB(C, 'br').decoded)));
  for (const enc of ['br', 'gzip']) {
    const [a, b] = [HB(W, enc).byKind.sdk.transfer, HB(C, enc).byKind.sdk.transfer];
    row(`… of which SDK files, transfer ${encName(enc)}`, kb(a), kb(b), fmtRatio(ratio(a, b)));
  }
  for (const [kind, label] of [
    ['fapi', 'FAPI answers'],
    ['page', 'the HTML page'],
  ]) {
    const [a, b] = [HB(W, 'br').byKind[kind].transfer, HB(C, 'br').byKind[kind].transfer];
    row(`… of which ${label}, transfer brotli`, kb(a), kb(b), fmtRatio(ratio(a, b)));
  }
  for (const enc of ['br', 'gzip']) {
    const [a, b] = [HB(W, enc, 'bytesIdle').transfer, HB(C, enc, 'bytesIdle').transfer];
    row(`until the network is idle — transfer, ${encName(enc)}`, kb(a), kb(b), fmtRatio(ratio(a, b)));
  }
  row('SDK files fetched before `loaded`', String(HB(W, 'br').files.length), String(HB(C, 'br').files.length), '');
  row(
    `UI-module files fetched, all ${headless.ui[W].loads} loads, until the network was idle`,
    `**${uiFetched}**${hasUi ? '' : ` (${NO_UI})`}`,
    `${headless.ui[C].requests.length} (no @clerk/ui on the page)`,
    '',
  );
  row(`navigation start → \`loaded\`, median (p95) of ${H[W].loaded.n} loads`, `${ms(H[W].loaded.median)} (${ms(H[W].loaded.p95)})`, `${ms(H[C].loaded.median)} (${ms(H[C].loaded.p95)})`, fmtRatio(headlessRatio.loaded));
  row('FAPI requests / round trips in `load()`', `${counted(H[W].req)} / ${counted(H[W].rt)}`, `${counted(H[C].req)} / ${counted(H[C].rt)}`, '');
  row('FAPI sequence', fapiList(headless.time[W][0].fapi), fapiList(headless.time[C][0].fapi), '');
  L.push('');
  L.push('<details><summary>Files of the signed-in page until the network was idle (transfer brotli · gzip · decoded)</summary>');
  L.push('');
  fileTable(row, [
    ['clerk-wasm', HB(W, 'br', 'bytesIdle'), HB(W, 'gzip', 'bytesIdle')],
    ["ClerkJS's headless core", HB(C, 'br', 'bytesIdle'), HB(C, 'gzip', 'bytesIdle')],
  ]);
  L.push('');
  L.push('</details>');
  L.push('');

  L.push(`## \`user.createEmailAddress\` inside the SDK (signed in, median of ${call[W].n} calls each)`);
  L.push('');
  L.push('`performance.now()` around the call in the page, and a `window.fetch` wrapper installed before the SDK loads (the request is sent when the SDK calls fetch; the response is in when fetch resolves).');
  L.push('');
  row('', 'clerk-wasm', 'ClerkJS', 'clerk-wasm / ClerkJS');
  row('---', '---:', '---:', '---:');
  row('call → request sent', msFine(call[W].toRequest), msFine(call[C].toRequest), fmtRatio(ratio(call[W].toRequest, call[C].toRequest)));
  row('response → promise resolved', msFine(call[W].fromResponse), msFine(call[C].fromResponse), fmtRatio(ratio(call[W].fromResponse, call[C].fromResponse)));
  row('in the SDK (both, per call)', msFine(call[W].sdk), msFine(call[C].sdk), fmtRatio(ratio(call[W].sdk, call[C].sdk)));
  row('request sent → response (network + dev server)', msFine(call[W].wire), msFine(call[C].wire), fmtRatio(ratio(call[W].wire, call[C].wire)));
  row('call → promise resolved', msFine(call[W].total), msFine(call[C].total), fmtRatio(ratio(call[W].total, call[C].total)));
  row('fetches per call', counted(call[W].fetches), counted(call[C].fetches), '');
  L.push('');

  L.push('## Notes');
  L.push('');
  if (uiFetched)
    L.push(
      `- **FAILED: clerk-wasm's signed-in page without a component fetched the UI module** — ${uiFetched} request(s) in ${headless.ui[W].loads} loads: ` +
        `${[...new Set(headless.ui[W].requests)].map((u) => `\`${u}\``).join(', ')}. A signed-in page that mounts nothing must load the headless core only.`,
    );
  const ext = [...new Set([...bytes[C].br.external, ...bytes[W].br.external].map((e) => `${new URL(e.url).host} (${e.failed || 'ok'})`))];
  const extCount = { [W]: bytes[W].br.external.length, [C]: bytes[C].br.external.length };
  if (ext.length)
    L.push(
      `- Requests off this machine before the sign-in was on screen: clerk-wasm ${extCount[W]}, ClerkJS ${extCount[C]} — ${ext.join(', ')}. ` +
        "They are not counted: offline they fail at DNS; online ClerkJS's sign-in also downloads these provider icons, so its bytes here are a lower bound.",
    );
  L.push(
    "- Both pages mount with `{ signUpUrl: '/sign-up' }`: the dev server's environment names its own origin's sign-in/up pages, and ClerkJS's sign-in " +
      'decorates a cross-origin URL with a dev browser id, which ClerkJS only creates for Clerk-hosted development FAPI hosts (`*.accounts.dev`, …), ' +
      'not for the loopback key — without a same-origin sign-up URL it throws "Missing dev browser".',
  );
  L.push(
    '- For the same reason neither SDK uses a dev browser against the dev server: cold and known loads make the same FAPI requests. ' +
      'Against a Clerk-hosted development instance ClerkJS first creates one (`POST /v1/dev_browser`) on a cold load, one more round trip before `load()` can finish.',
  );
  L.push(
    '- clerk-wasm loads as the README shows (an ES module that fetches its `.wasm` next to itself: HTML → `clerk.js` → `.wasm`, three sequential steps before FAPI' +
      (hasUi ? '; then its UI module, `clerk_ui.js` → `clerk_ui_bg.wasm`, once `load()` found nobody signed in or `mountSignIn` asked for it); ' : '); ') +
      'ClerkJS as its CDN bundles (two classic scripts fetched in parallel; the UI fetches its sign-in chunks after `mountSignIn`).',
  );
  L.push(
    `- The dev server compresses FAPI answers as Clerk's hosted Frontend API does (${kb(B(W, 'br', 'bytesRendered').byKind.fapi.transfer)} for clerk-wasm, ${kb(B(C, 'br', 'bytesRendered').byKind.fapi.transfer)} for ClerkJS, ` +
      'counted in both totals).',
  );
  L.push(
    `- Timer resolution in the page is 0.1 ms (not cross-origin isolated). Times depend on the machine and on whatever else runs on it; ` +
      'the pages take turns load by load so drift affects all of them. Bytes are deterministic up to a few bytes of FAPI ids.',
  );
  if (pre) L.push(`- ${pre} CORS preflight(s) seen to the dev server; counted apart from requests, included in round trips.`);
  if (meta.failures.length)
    L.push(
      `- ${meta.failures.length} load(s) failed and were measured again: ` +
        meta.failures.map((f) => `${f.sdk} — ${f.message.split('\n').join(' ').slice(0, 300)}`).join('; ') +
        ' (details in results.json).',
    );
  const headlessExt = [...headless.bytes[W].br.external, ...headless.bytes[C].br.external];
  if (headlessExt.length)
    L.push(
      `- Requests off this machine by the signed-in page without a component (not counted): clerk-wasm ${headless.bytes[W].br.external.length}, ` +
        `ClerkJS's headless core ${headless.bytes[C].br.external.length} — ${[...new Set(headlessExt.map((e) => `${new URL(e.url).host} (${e.failed || 'ok'})`))].join(', ')}.`,
    );
  if (meta.notFound.length) L.push(`- The static server answered 404 for: ${[...new Set(meta.notFound)].join(', ')}.`);
  L.push('');
  L.push('![chart](chart.svg)');
  L.push('');
  const md = L.join('\n');

  writeFileSync(join(out, 'results.md'), md);
  writeFileSync(join(out, 'chart.svg'), chart({ meta, bytes, T, call, headless, H, targets: { bytesRatio, loadedRatio, headlessRatio } }));
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(slim(results), null, 1)}\n`);
  return md;
}

const encName = (enc) => (enc === 'br' ? 'brotli' : 'gzip');

/** The per-file table: for each [label, brotli bytes, gzip bytes] (bytesUntil results), its SDK files. */
function fileTable(row, sets) {
  row('SDK', 'file', 'module', 'brotli', 'gzip', 'decoded');
  row('---', '---', '---', '---:', '---:', '---:');
  for (const [label, br, gzip] of sets) {
    const gz = new Map(gzip.files.map((f) => [f.url.replace('/enc/gzip/', '/'), f]));
    for (const f of br.files) {
      const name = f.url.replace(/^.*\/enc\/br\//, '');
      const g = gz.get(f.url.replace('/enc/br/', '/'));
      row(label, `\`${name}\``, f.part === 'ui' ? 'UI' : 'core', kb(f.transfer), kb(g?.transfer), kb(f.decoded));
    }
  }
}

const counts = ({ list, ...rest }) => rest;

/** results.json: everything but the per-run request lists (one example of each is kept). */
function slim(results) {
  const time = {};
  for (const [id, runs] of Object.entries(results.time)) {
    time[id] = runs.map((r, i) => ({
      loaded: r.cold.loaded,
      rendered: r.cold.rendered,
      knownLoaded: r.known.loaded,
      knownRendered: r.known.rendered,
      bytesRenderedTransfer: r.cold.bytesRendered.transfer,
      ...(i === 0 ? { coldTimeline: r.cold.timeline, knownTimeline: r.known.timeline } : {}),
      ...(r.cold.fapi.roundTrips > 1 || r.known.fapi.roundTrips > 1 ? { coldFapiList: r.cold.fapi.list, knownFapiList: r.known.fapi.list } : {}),
      phases: r.cold.phases,
      knownPhases: r.known.phases,
      coldFapi: i === 0 ? r.cold.fapi : counts(r.cold.fapi),
      knownFapi: i === 0 ? r.known.fapi : counts(r.known.fapi),
    }));
  }
  const headless = {
    ...results.headless,
    time: Object.fromEntries(
      Object.entries(results.headless.time).map(([id, runs]) => [id, runs.map(({ timeline, fapi, ...r }, i) => ({ ...r, ...(i === 0 ? { timeline, fapi } : { fapi: counts(fapi) }) }))]),
    ),
  };
  return { ...results, time, headless };
}

// ---- the chart ---------------------------------------------------------------------------
// Per SDK, darkest to lightest: headless core, UI, FAPI answers, HTML page.
const COLORS = {
  wasm: ['#9a3412', '#ea580c', '#fdba74', '#ffedd5'],
  clerkjs: ['#4c1d95', '#7c3aed', '#c4b5fd', '#ede9fe'],
  ink: '#1f2937',
  muted: '#6b7280',
  grid: '#e5e7eb',
  target: '#059669',
};
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A "nice" axis maximum and step for values up to `max`. */
function axis(max) {
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  return { max: Math.ceil(max / step) * step, step };
}

/**
 * One horizontal bar panel at y: rows of stacked segments ({value, color, label}), an optional
 * whisker (p95) and marker (target) per row; returns [svg, height].
 */
function panel({ y, title, unit, rows, legend }) {
  const left = 275;
  const width = 560;
  const barH = 20;
  const gap = 10;
  const top = y + 46;
  const maxVal = Math.max(...rows.flatMap((r) => [r.segments.reduce((a, s) => a + s.value, 0), r.whisker || 0, r.marker?.value || 0]));
  const { max, step } = axis(maxVal * 1.08);
  const x = (v) => left + (v / max) * width;
  const s = [];
  s.push(`<text x="20" y="${y + 18}" font-size="15" font-weight="600" fill="${COLORS.ink}">${esc(title)}</text>`);
  if (legend) {
    let lx = 20;
    for (const l of legend) {
      s.push(`<rect x="${lx}" y="${y + 27}" width="10" height="10" fill="${l.color}"/>`);
      s.push(`<text x="${lx + 14}" y="${y + 36}" font-size="11" fill="${COLORS.muted}">${esc(l.label)}</text>`);
      lx += 20 + l.label.length * 6.2;
    }
  }
  const h = rows.length * (barH + gap) + (rows.filter((r) => r.groupStart).length - 1) * 8;
  for (let v = 0; v <= max + 1e-9; v += step) {
    s.push(`<line x1="${x(v)}" x2="${x(v)}" y1="${top - 4}" y2="${top + h}" stroke="${COLORS.grid}"/>`);
    s.push(`<text x="${x(v)}" y="${top + h + 14}" font-size="10" text-anchor="middle" fill="${COLORS.muted}">${+v.toFixed(2)}</text>`);
  }
  s.push(`<text x="${left + width}" y="${top + h + 28}" font-size="10" text-anchor="end" fill="${COLORS.muted}">${esc(unit)}</text>`);
  let cy = top;
  rows.forEach((r, i) => {
    if (r.groupStart && i > 0) cy += 8;
    s.push(`<text x="${left - 8}" y="${cy + barH / 2 + 4}" font-size="12" text-anchor="end" fill="${COLORS.ink}">${esc(r.label)}</text>`);
    let acc = 0;
    for (const seg of r.segments) {
      if (seg.value > 0)
        s.push(
          `<rect x="${x(acc)}" y="${cy}" width="${Math.max(0.5, x(acc + seg.value) - x(acc))}" height="${barH}" fill="${seg.color}"><title>${esc(seg.label)}</title></rect>`,
        );
      acc += seg.value;
    }
    if (r.whisker != null) {
      const wy = cy + barH / 2;
      s.push(`<line x1="${x(acc)}" x2="${x(r.whisker)}" y1="${wy}" y2="${wy}" stroke="${COLORS.ink}" stroke-width="1.2"/>`);
      s.push(`<line x1="${x(r.whisker)}" x2="${x(r.whisker)}" y1="${wy - 5}" y2="${wy + 5}" stroke="${COLORS.ink}" stroke-width="1.2"/>`);
    }
    const end = Math.max(acc, r.whisker || 0);
    s.push(`<text x="${x(end) + 6}" y="${cy + barH / 2 + 4}" font-size="11" fill="${COLORS.ink}">${esc(r.text)}</text>`);
    if (r.marker) {
      s.push(
        `<line x1="${x(r.marker.value)}" x2="${x(r.marker.value)}" y1="${cy - 3}" y2="${cy + barH + 3}" stroke="${COLORS.target}" stroke-width="2" stroke-dasharray="3 2"><title>${esc(r.marker.label)}</title></line>`,
      );
    }
    cy += barH + gap;
  });
  return [s.join('\n'), cy - y + 36];
}

/** The stacked segments of one bytesUntil result: core, UI, FAPI, HTML page. */
const byteSegments = (id, b) => [
  { value: b.byPart.core.transfer / 1000, color: COLORS[id][0], label: `headless core ${kb(b.byPart.core.transfer)}` },
  { value: b.byPart.ui.transfer / 1000, color: COLORS[id][1], label: `UI ${kb(b.byPart.ui.transfer)}` },
  { value: b.byKind.fapi.transfer / 1000, color: COLORS[id][2], label: `FAPI ${kb(b.byKind.fapi.transfer)}` },
  { value: b.byKind.page.transfer / 1000, color: COLORS[id][3], label: `HTML page ${kb(b.byKind.page.transfer)}` },
];
const byteLegend = [
  { color: '#333', label: 'darkest: headless core' },
  { color: '#777', label: 'dark: UI' },
  { color: '#aaa', label: 'light: FAPI answers' },
  { color: '#ddd', label: 'lightest: HTML page' },
];

function chart({ meta, bytes, T, call, headless, H, targets }) {
  const W = 'wasm';
  const C = 'clerkjs';
  const P = T.wasmPreload ? 'wasmPreload' : null;
  const name = { [W]: 'clerk-wasm', [C]: 'ClerkJS', wasmPreload: 'clerk-wasm + preload' };
  const headlessName = { [W]: 'clerk-wasm', [C]: 'ClerkJS headless core' };
  const parts = [];
  let y = 70;

  // 1. bytes to rendered sign-in
  const byteRows = [];
  for (const enc of ['br', 'gzip']) {
    const cj = bytes[C][enc].bytesRendered.transfer;
    for (const id of [W, C]) {
      byteRows.push({
        label: `${name[id]} · ${encName(enc)}`,
        groupStart: id === W,
        segments: byteSegments(id, bytes[id][enc].bytesRendered),
        text: id === W ? `${kb(bytes[id][enc].bytesRendered.transfer)} (${targets.bytesRatio[enc].toFixed(2)}×)` : kb(cj),
        marker: id === W ? { value: (cj * TARGET_BYTES) / 1000, label: `target: ${TARGET_BYTES} × ClerkJS = ${kb(cj * TARGET_BYTES)}` } : null,
      });
    }
  }
  let [svg, h] = panel({
    y,
    title: 'Bytes downloaded until the sign-in is on screen (transfer)',
    unit: 'KB',
    rows: byteRows,
    legend: [...byteLegend, { color: COLORS.target, label: `dashed: target (${TARGET_BYTES} × ClerkJS)` }],
  });
  parts.push(svg);
  y += h;

  // 2. times
  const timeTarget = { loaded: TARGET_LOADED, rendered: TARGET_RENDERED };
  const timeRows = [];
  for (const [k, label] of [
    ['loaded', '`loaded`'],
    ['rendered', 'sign-in shown'],
  ]) {
    for (const id of [W, P, C].filter(Boolean)) {
      timeRows.push({
        label: `${name[id]} · ${label.replace(/`/g, '')}`,
        groupStart: id === W,
        segments: [{ value: T[id][k].median, color: id === P ? COLORS[W][1] : COLORS[id][0], label: `median ${ms(T[id][k].median)}` }],
        whisker: T[id][k].p95,
        text: `${ms(T[id][k].median)} (p95 ${ms(T[id][k].p95)})`,
        marker: id === W ? { value: T[C][k].median * timeTarget[k], label: `target: ${timeTarget[k]} × ClerkJS = ${ms(T[C][k].median * timeTarget[k])}` } : null,
      });
    }
  }
  [svg, h] = panel({
    y,
    title: `Time from navigation start, median of ${meta.runs} cold loads (whisker: p95)`,
    unit: 'ms',
    rows: timeRows,
    legend: [
      { color: COLORS.target, label: `dashed: targets (${TARGET_LOADED} × ClerkJS for loaded, ${TARGET_RENDERED} × for the sign-in)` },
      ...(P ? [{ color: COLORS[W][1], label: 'clerk-wasm + preload: page with preload hints (information)' }] : []),
    ],
  });
  parts.push(svg);
  y += h;

  // 3. the signed-in page without a component, against ClerkJS's headless core
  const headlessRows = [];
  for (const enc of ['br', 'gzip']) {
    for (const id of [W, C]) {
      const b = headless.bytes[id][enc].bytesLoaded;
      headlessRows.push({
        label: `${headlessName[id]} · ${encName(enc)}`,
        groupStart: id === W,
        segments: byteSegments(id, b),
        text: id === W ? `${kb(b.transfer)} (${targets.headlessRatio[enc].toFixed(2)}×)` : kb(b.transfer),
      });
    }
  }
  [svg, h] = panel({
    y,
    title: "Signed-in page without a component: bytes until loaded (transfer), vs ClerkJS's headless core",
    unit: 'KB',
    rows: headlessRows,
    legend: byteLegend,
  });
  parts.push(svg);
  y += h;
  [svg, h] = panel({
    y,
    title: `Signed-in page without a component: time to loaded, median of ${H[W].loaded.n} loads (whisker: p95)`,
    unit: 'ms',
    rows: [W, C].map((id) => ({
      label: headlessName[id],
      groupStart: id === W,
      segments: [{ value: H[id].loaded.median, color: COLORS[id][0], label: `median ${ms(H[id].loaded.median)}` }],
      whisker: H[id].loaded.p95,
      text: `${ms(H[id].loaded.median)} (p95 ${ms(H[id].loaded.p95)})`,
    })),
  });
  parts.push(svg);
  y += h;

  // 4. createEmailAddress
  const callRows = [W, C].map((id) => ({
    label: `${name[id]}`,
    groupStart: true,
    segments: [
      { value: call[id].toRequest, color: COLORS[id][0], label: `call → request ${msFine(call[id].toRequest)}` },
      { value: call[id].fromResponse, color: COLORS[id][1], label: `response → resolved ${msFine(call[id].fromResponse)}` },
    ],
    text: `${msFine(call[id].toRequest)} + ${msFine(call[id].fromResponse)}`,
  }));
  [svg, h] = panel({
    y,
    title: `user.createEmailAddress: time inside the SDK, median of ${call[W].n} calls`,
    unit: 'ms',
    rows: callRows,
    legend: [
      { color: '#444', label: 'dark: call → request sent' },
      { color: '#999', label: 'light: response → promise resolved' },
    ],
  });
  parts.push(svg);
  y += h;

  const width = 930;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="20" y="30" font-size="19" font-weight="700" fill="${COLORS.ink}">clerk-wasm vs ClerkJS ${esc(meta.clerkJs)} + @clerk/ui ${esc(meta.clerkUi)}</text>
<text x="20" y="50" font-size="12" fill="${COLORS.muted}">${esc(`make bench · ${meta.date.slice(0, 10)} · headless Chromium ${meta.chromium} · same dev server, same page, one static server (brotli/gzip)`)}</text>
${parts.join('\n')}
</svg>
`;
}
