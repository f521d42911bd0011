// Prints the bytes a page downloads for the SDK: raw, gzip (level 9) and brotli (quality 11)
// of each file in pkg/ that a page fetches, and their total. `make size` runs it after a
// release build. The budget (issue #2/#3): the whole SDK at most 80 KB gzip; the foundation
// slice at most 50 KB.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['pkg/clerk_wasm_bg.wasm', 'pkg/clerk.js', 'pkg/clerk.browser.js'];
const row = (name, raw, gz, br) =>
  console.log(`${name.padEnd(24)} ${String(raw).padStart(9)} ${String(gz).padStart(9)} ${String(br).padStart(9)}`);
row('file', 'raw', 'gzip', 'brotli');
const total = [0, 0, 0];
const pageTotal = [0, 0, 0];
for (const f of files) {
  const data = readFileSync(f);
  const sizes = [
    data.length,
    gzipSync(data, { level: 9 }).length,
    brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  ];
  row(f.replace(/^pkg\//, ''), ...sizes);
  sizes.forEach((s, i) => (total[i] += s));
  // A module page loads clerk.js + the .wasm; a script-tag page adds clerk.browser.js.
  if (!f.endsWith('clerk.browser.js')) sizes.forEach((s, i) => (pageTotal[i] += s));
}
row('module page total', ...pageTotal);
row('script-tag page total', ...total);
