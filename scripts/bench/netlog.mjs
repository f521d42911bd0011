// Network records of one page through the Chrome DevTools Protocol, and what the bench derives
// from them: bytes (transfer = Network.loadingFinished.encodedDataLength, headers included;
// decoded = the sum of Network.dataReceived.dataLength, the body as the page sees it), FAPI
// requests and their round trips.
//
// CDP timestamps are on the browser's monotonic clock (seconds); Performance.getMetrics'
// NavigationStart is the same clock's navigation start, which is performance.now()'s zero in
// the page — so (ts - NavigationStart) * 1000 puts a network event on the page's clock (checked
// against Resource Timing: within a few tenths of a millisecond).

/** Attaches to `page`; returns {requests, clear(), navigationStart(), detach()}. */
export async function recordNetwork(context, page) {
  const cdp = await context.newCDPSession(page);
  const byId = new Map();
  const requests = [];
  cdp.on('Network.requestWillBeSent', (e) => {
    const r = {
      id: e.requestId,
      url: e.request.url,
      method: e.request.method,
      type: e.type,
      start: e.timestamp,
      end: null,
      status: null,
      encoding: null,
      transfer: 0,
      decoded: 0,
      fromCache: false,
      failed: null,
    };
    byId.set(e.requestId, r);
    requests.push(r);
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = byId.get(e.requestId);
    if (r) r.fromCache = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    const h = e.response.headers || {};
    r.status = e.response.status;
    r.encoding = h['content-encoding'] || h['Content-Encoding'] || null;
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) r.fromCache = true;
  });
  cdp.on('Network.dataReceived', (e) => {
    const r = byId.get(e.requestId);
    if (r) r.decoded += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.end = e.timestamp;
    r.transfer = e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.end = e.timestamp;
    r.failed = e.errorText || 'failed';
  });
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  return {
    requests,
    clear() {
      requests.length = 0;
      byId.clear();
    },
    async navigationStart() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'NavigationStart').value;
    },
    detach: () => cdp.detach().catch(() => {}),
  };
}

/**
 * Which part of its SDK a file of the static server is (`/enc/<mode>/<mount>/<file>`): 'ui' for
 * the components — clerk-wasm's UI module (clerk_ui.js, clerk_ui_bg.wasm, fetched by the core
 * next to itself) and everything of @clerk/ui — else 'core'.
 */
function sdkPart(url) {
  const m = /\/enc\/[^/]+\/([^/]+)\/(.+)$/.exec(new URL(url).pathname);
  if (!m) return 'core';
  const [, mount, file] = m;
  return mount === 'clerk-ui' || (mount === 'clerk-wasm' && isWasmUiFile(file)) ? 'ui' : 'core';
}

/** A file of clerk-wasm's UI module (its JS glue, its .wasm): the name starts with clerk_ui. */
const isWasmUiFile = (path) => /(^|\/)clerk_ui[^/]*$/.test(path);

/**
 * Tags each request with `kind` (page | sdk | fapi | external | other), SDK files with `part`
 * (core | ui, see sdkPart), and page-clock times. Requests the previous document started before
 * this navigation (t0 < 0) are left out.
 */
export function classify(requests, navStart, { staticOrigin, fapiOrigin }) {
  const ms = (ts) => (ts == null ? null : (ts - navStart) * 1000);
  return requests.flatMap((r) => {
    let kind = 'other';
    if (r.url.startsWith(`${staticOrigin}/page/`)) kind = 'page';
    else if (r.url.startsWith(`${staticOrigin}/`)) kind = 'sdk';
    else if (r.url.startsWith(`${fapiOrigin}/`)) kind = 'fapi';
    else if (/^https?:/.test(r.url)) kind = 'external';
    const t0 = ms(r.start);
    if (kind !== 'page' && t0 < 0) return [];
    return [{ ...r, kind, ...(kind === 'sdk' ? { part: sdkPart(r.url) } : {}), t0, t1: ms(r.end) }];
  });
}

/**
 * Bytes of the responses that finished by `until` (page ms), by kind, the SDK files also by part
 * (core | ui), plus the file list.
 */
export function bytesUntil(reqs, until) {
  const sum = { page: [0, 0], sdk: [0, 0], fapi: [0, 0] };
  const parts = { core: [0, 0], ui: [0, 0] };
  const files = [];
  for (const r of reqs) {
    if (!sum[r.kind] || r.failed || r.t1 == null || r.t1 > until) continue;
    sum[r.kind][0] += r.transfer;
    sum[r.kind][1] += r.decoded;
    if (r.kind !== 'sdk') continue;
    parts[r.part][0] += r.transfer;
    parts[r.part][1] += r.decoded;
    files.push({ url: r.url, part: r.part, encoding: r.encoding, transfer: r.transfer, decoded: r.decoded, fromCache: r.fromCache });
  }
  const total = [0, 1].map((i) => sum.page[i] + sum.sdk[i] + sum.fapi[i]);
  const named = (o) => Object.fromEntries(Object.entries(o).map(([k, [t, d]]) => [k, { transfer: t, decoded: d }]));
  return { transfer: total[0], decoded: total[1], byKind: named(sum), byPart: named(parts), files };
}

/**
 * The FAPI requests started by `until` (page ms) and their round trips.
 *
 * Requests are counted from the network records (CDP): every request to the dev server, CORS
 * preflights (type Preflight / OPTIONS) apart. Round trips are sequential waves: a request's wave
 * is one more than the highest wave among the FAPI requests whose answer had arrived before it
 * started (1 if none had); parallel requests share a wave, a request that waited for an answer
 * opens the next; round trips = the highest wave.
 *
 * "Started" and "arrived" are taken on the page's side when `fetchLog` (the page's fetch probe)
 * saw every request: when the SDK called fetch() and when fetch's promise resolved. On the
 * network side, two fetches the SDK starts in the same task can reach the network stack a few
 * milliseconds apart on a busy machine, after the first one's answer, and would look sequential.
 * Without a complete fetch log the network-side times are used.
 */
export function fapiWaves(reqs, until, fetchLog, fapiOrigin) {
  const fapi = reqs.filter((r) => r.kind === 'fapi' && r.t0 != null && r.t0 <= until).sort((a, b) => a.t0 - b.t0);
  const isPreflight = (r) => r.type === 'Preflight' || r.method === 'OPTIONS';
  const requests = fapi.filter((r) => !isPreflight(r)).length;
  const net = waves(fapi.map((r) => ({ start: r.t0, end: r.t1, method: r.method, url: r.url, status: r.status })));
  const calls = (fetchLog || [])
    .filter((c) => c.url.startsWith(`${fapiOrigin}/`) && c.sent <= until)
    .sort((a, b) => a.sent - b.sent)
    .map((c) => ({ start: c.sent, end: c.response ?? null, method: c.method, url: c.url }));
  const js = fetchLog && calls.length === requests ? waves(calls) : null;
  const used = js || net;
  return {
    requests,
    preflights: fapi.filter(isPreflight).length,
    roundTrips: used.roundTrips,
    networkRoundTrips: net.roundTrips,
    measuredBy: js ? 'fetch' : 'network',
    list: used.list,
  };
}

function waves(items) {
  const w = [];
  items.forEach((r, i) => {
    let k = 1;
    items.forEach((q, j) => {
      if (j !== i && q.end != null && q.end <= r.start && w[j] != null) k = Math.max(k, w[j] + 1);
    });
    w[i] = k;
  });
  return {
    roundTrips: w.length ? Math.max(...w) : 0,
    list: items.map((r, i) => {
      const u = new URL(r.url);
      const tunnelled = u.searchParams.get('_method');
      return { wave: w[i], method: r.method, path: u.pathname + (tunnelled ? `?_method=${tunnelled}` : ''), t0: round(r.start), t1: round(r.end), status: r.status };
    }),
  };
}

const round = (x) => (x == null ? null : Math.round(x * 10) / 10);
