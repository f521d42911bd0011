// The bench's own static server (127.0.0.1, a free port): serves the pages and both SDKs' files,
// compressed with Node's zlib according to the request's Accept-Encoding, so the two SDKs are
// measured over the same wire.
//
//   /page/<name>                   an HTML page given to serveStatic() (never compressed away: small)
//   /enc/<mode>/<mount>/<file>     a file under a mounted folder; <mode> chooses the encoding:
//                                    auto  brotli if the request accepts br, else gzip, else none
//                                    br    brotli if accepted, else none
//                                    gzip  gzip if accepted, else none
//                                    identity  never compressed
//
// The mode sits in the path (not in server state) so that the files an SDK loads relative to its
// own URL (ClerkJS's UI chunks, clerk-wasm's .wasm) are served the same way as the entry.
// Compression is gzip level 9 and brotli quality 11 (as `make size` counts), computed once per
// file and kept in memory, so no response waits on the compressor after the warm-up.
import http from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg']);

/** Parses Accept-Encoding into the set of codings with q > 0. */
function accepted(header = '') {
  const out = new Set();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    out.add(name);
  }
  return out;
}

function chooseEncoding(mode, acceptHeader) {
  const ok = accepted(acceptHeader);
  const any = ok.has('*');
  const can = (c) => ok.has(c) || any;
  if (mode === 'identity') return null;
  if (mode === 'br') return can('br') ? 'br' : null;
  if (mode === 'gzip') return can('gzip') ? 'gzip' : null;
  return can('br') ? 'br' : can('gzip') ? 'gzip' : null;
}

/**
 * Starts the server. `mounts` maps a mount name to a folder; `pages` maps a page name to HTML
 * (the map may be filled after the server started). Resolves to {origin, pages, stats(), close()}.
 */
export async function serveStatic({ mounts, pages = {} }) {
  // Each file is read once (a rebuild of pkg/ during a run cannot mix two builds) and each
  // encoding of it computed once.
  const raws = new Map(); // file -> Buffer
  const cache = new Map(); // `${file}\0${encoding}` -> Buffer
  const counts = { requests: 0, notFound: [] };

  const body = (file, encoding) => {
    const key = `${file}\0${encoding || ''}`;
    let buf = cache.get(key);
    if (!buf) {
      let raw = raws.get(file);
      if (!raw) raws.set(file, (raw = readFileSync(file)));
      if (encoding === 'gzip') buf = gzipSync(raw, { level: 9 });
      else if (encoding === 'br')
        buf = brotliCompressSync(raw, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        });
      else buf = raw;
      cache.set(key, buf);
    }
    return buf;
  };

  const server = http.createServer((req, res) => {
    counts.requests += 1;
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const common = { 'timing-allow-origin': '*', vary: 'accept-encoding' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, common);
      res.end();
      return;
    }
    if (path.startsWith('/page/') && pages[path.slice(6)] !== undefined) {
      const html = Buffer.from(pages[path.slice(6)]);
      const encoding = chooseEncoding('auto', req.headers['accept-encoding']);
      const out = encoding === 'br' ? brotliCompressSync(html) : encoding === 'gzip' ? gzipSync(html) : html;
      res.writeHead(200, {
        ...common,
        'content-type': types['.html'],
        'cache-control': 'no-store',
        'content-length': out.length,
        ...(encoding ? { 'content-encoding': encoding } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : out);
      return;
    }
    const m = /^\/enc\/(auto|br|gzip|identity)\/([^/]+)\/(.+)$/.exec(path);
    const dir = m && mounts[m[2]];
    if (dir) {
      const file = normalize(join(dir, m[3]));
      let isFile = false;
      try {
        isFile = file.startsWith(dir + sep) && statSync(file).isFile();
      } catch {}
      if (isFile) {
        const ext = extname(file);
        const encoding = compressible.has(ext) ? chooseEncoding(m[1], req.headers['accept-encoding']) : null;
        const out = body(file, encoding);
        res.writeHead(200, {
          ...common,
          'content-type': types[ext] || 'application/octet-stream',
          // Versioned SDK files, as a CDN serves them: a known browser keeps them.
          'cache-control': 'public, max-age=3600',
          'content-length': out.length,
          ...(encoding ? { 'content-encoding': encoding } : {}),
        });
        res.end(req.method === 'HEAD' ? undefined : out);
        return;
      }
    }
    counts.notFound.push(path);
    res.writeHead(404, common);
    res.end();
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    pages,
    stats: () => counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
