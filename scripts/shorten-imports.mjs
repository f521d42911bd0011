// Gives the imports wasm-bindgen generates short names, in the .wasm and in its JS glue alike.
//
//   node scripts/shorten-imports.mjs <dir> <name>     (rewrites <dir>/<name>.js and <dir>/<name>_bg.wasm)
//
// wasm-bindgen names each import `__wbg_<method>_<16 hex digits>` (the hash keeps names of
// different crates apart) under the module `./<name>_bg.js`, and writes every name twice: in the
// .wasm's import section and as a key of the import object in the glue. The UI module has about
// 140 imports; their names measured 6.6 KB of the .wasm (3.0 KB gzip) and 1.9 KB gzip of the
// glue — the hex digits do not compress. Here each becomes `a`, `b`, … `ba`, … and the module
// `a`. The import object is the only place the glue spells these names (checked below: each must
// occur exactly once, as a key), so renaming both sides together changes nothing else.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, name] = process.argv.slice(2);
const wasmPath = join(dir, `${name}_bg.wasm`);
const jsPath = join(dir, `${name}.js`);
const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, 'utf8');
const glueModule = `./${name}_bg.js`;

const fail = (why) => {
  console.error(`shorten-imports: ${why}`);
  process.exit(1);
};

// LEB128, as the wasm binary format writes sizes and indices.
let pos = 8;
const uleb = () => {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = wasm[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
};
const encodeUleb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
const encodeName = (s) => {
  const bytes = Buffer.from(s, 'utf8');
  return [...encodeUleb(bytes.length), ...bytes];
};
// Table and memory limits: a flags byte (bit 0: a maximum follows), the minimum, the maximum.
const skipLimits = () => {
  if (uleb() & 1) uleb();
  uleb();
};
const readName = () => {
  const len = uleb();
  const s = wasm.subarray(pos, pos + len).toString('utf8');
  pos += len;
  return s;
};
// a, b, …, z, ba, bb, … (base 26 without leading "a"s, so every name is distinct).
const shortName = (i) => {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i);
  return s;
};
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmPath} is not a WebAssembly module`);
const out = [wasm.subarray(0, 8)];
let renamed = 0;
while (pos < wasm.length) {
  const sectionStart = pos;
  const id = wasm[pos++];
  const size = uleb();
  const end = pos + size;
  if (id !== 2) {
    out.push(wasm.subarray(sectionStart, end));
    pos = end;
    continue;
  }
  // The import section: count, then (module, field, description) per import.
  const count = uleb();
  const body = [...encodeUleb(count)];
  for (let i = 0; i < count; i++) {
    const module = readName();
    const field = readName();
    const descStart = pos;
    const kind = wasm[pos++];
    if (kind === 0) {
      uleb(); // a function: its type index
    } else if (kind === 1) {
      pos++; // a table: its element type, then limits
      skipLimits();
    } else if (kind === 2) {
      skipLimits(); // a memory
    } else if (kind === 3) {
      pos += 2; // a global: value type, mutability
    } else {
      fail(`unknown import kind ${kind}`);
    }
    const desc = wasm.subarray(descStart, pos);
    if (module !== glueModule) {
      if (module === 'a') fail('an import module is already named "a"');
      body.push(...encodeName(module), ...encodeName(field), ...desc);
      continue;
    }
    const key = new RegExp(`(?<![\\w$])${escape(field)}(?![\\w$])`, 'g');
    const uses = js.match(key)?.length ?? 0;
    if (uses !== 1 || !new RegExp(`(?<![\\w$])${escape(field)}\\s*:`).test(js)) {
      fail(`${field} occurs ${uses} times in ${jsPath}, not once as an import-object key`);
    }
    const short = shortName(renamed++);
    js = js.replace(key, short);
    body.push(...encodeName('a'), ...encodeName(short), ...desc);
  }
  if (pos !== end) fail('the import section did not parse to its end');
  out.push(Buffer.from([2, ...encodeUleb(body.length), ...body]));
}

const moduleKey = JSON.stringify(glueModule);
if (js.split(moduleKey).length !== 2) fail(`${moduleKey} does not occur exactly once in ${jsPath}`);
js = js.replace(moduleKey, '"a"');
writeFileSync(wasmPath, Buffer.concat(out));
writeFileSync(jsPath, js);
