// pkg/ as the npm package users install (issue 6): `npm pack` in pkg/ (into a temp folder) holds
// exactly what a page needs — no sources, no .gitignore, no test files, not the unbundled glue —
// its package.json says what the brief asks (name, the Cargo.toml version and license, ESM,
// exports with types first, sideEffects), clerk.js finds the .wasm relative to itself, and an
// app with the tarball installed type-checks `import Clerk from 'clerk-wasm'` through the
// package's `exports` (bundler and Node module resolution). Needs pkg/ built (scripts/test.sh
// builds it before the page-level tests).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './harness.mjs';

const pkg = join(root, 'pkg');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
let dir, packed, manifest, cargoVersion;

/** `[package]`'s `key = "value"` of the root Cargo.toml. */
function cargoPackage(key) {
  const text = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  const section = text.split(/^\[/m).find((s) => s.startsWith('package]'));
  return section.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm'))[1];
}

before(() => {
  assert.ok(existsSync(join(pkg, 'package.json')), 'pkg/ is not built: run bash scripts/build-sdk.sh');
  dir = mkdtempSync(join(tmpdir(), 'clerk-pack-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir, '--loglevel=error'], { cwd: pkg, encoding: 'utf8' });
  [packed] = JSON.parse(out);
  manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  cargoVersion = cargoPackage('version');
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

const needed = ['README.md', 'clerk.browser.js', 'clerk.d.ts', 'clerk.js', 'clerk_ui.js', 'clerk_ui_bg.wasm', 'clerk_wasm.d.ts', 'clerk_wasm_bg.wasm', 'package.json'];

test('the tarball holds exactly what a user needs', () => {
  const license = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].filter((f) => existsSync(join(root, f)));
  const expected = [...needed, ...license].sort();
  assert.deepEqual(packed.files.map((f) => f.path).sort(), expected);
  // What tar itself lists (every entry under package/), not only npm's report.
  const listed = execFileSync('tar', ['-tzf', join(dir, packed.filename)], { encoding: 'utf8' }).trim().split('\n');
  assert.deepEqual(listed.map((p) => p.replace(/^package\//, '')).sort(), expected);
  for (const f of listed) {
    assert.doesNotMatch(f, /\.gitignore|\.rs$|\.tgz$|test|clerk_wasm\.js$|_bg\.wasm\.d\.ts$/, `${f} does not belong in the package`);
  }
  assert.equal(packed.filename, `clerk-wasm-${cargoVersion}.tgz`);
  // The modules in the tarball are the ones built.
  for (const name of ['clerk_wasm_bg.wasm', 'clerk_ui.js', 'clerk_ui_bg.wasm']) {
    const file = packed.files.find((f) => f.path === name);
    assert.equal(file.size, readFileSync(join(pkg, name)).length, name);
  }
});

test("package.json: name, Cargo.toml's version and license, ESM, exports with types, sideEffects", () => {
  assert.equal(manifest.name, 'clerk-wasm');
  assert.equal(manifest.version, cargoVersion);
  assert.equal(manifest.license, cargoPackage('license'));
  assert.equal(manifest.type, 'module');
  assert.deepEqual(manifest.exports['.'], { types: './clerk.d.ts', import: './clerk.js', default: './clerk.js' });
  assert.deepEqual(Object.keys(manifest.exports['.'])[0], 'types', '`types` must come first');
  assert.equal(manifest.exports['./clerk.browser.js'], './clerk.browser.js');
  assert.equal(manifest.module, './clerk.js');
  assert.equal(manifest.types, './clerk.d.ts');
  assert.equal(manifest.private, undefined);
  // Every file an export or sideEffects names is in the package.
  const inPackage = new Set(packed.files.map((f) => `./${f.path}`));
  const named = [...Object.values(manifest.exports).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v))), ...manifest.sideEffects];
  for (const f of named) assert.ok(inPackage.has(f), `${f} is named but not packed`);
  // The entry instantiates the module when imported (top-level await): it has side effects.
  assert.ok(manifest.sideEffects.includes('./clerk.js'));
  assert.ok(manifest.sideEffects.includes('./clerk.browser.js'));
});

test('clerk.js is self-contained and finds the .wasm next to itself (bundlers copy it)', () => {
  const js = readFileSync(join(pkg, 'clerk.js'), 'utf8');
  assert.match(js, /new URL\("clerk_wasm_bg\.wasm",import\.meta\.url\)/);
  // The glue is bundled in: no static import of another file; the one dynamic import is the UI
  // module next to it, with its .wasm named the way bundlers copy it.
  assert.doesNotMatch(js, /\bimport\s*[\w{*][^;]*?\bfrom\s*["']/);
  assert.deepEqual(js.match(/\bimport\s*\([^)]*\)/g), ['import("./clerk_ui.js")']);
  assert.match(js, /new URL\("clerk_ui_bg\.wasm",import\.meta\.url\)/);
  // The UI module is a self-contained ES module too.
  const ui = readFileSync(join(pkg, 'clerk_ui.js'), 'utf8');
  assert.doesNotMatch(ui, /\bimport\s*[\w{*][^;]*?\bfrom\s*["']|\bimport\s*\(/);
  assert.match(ui, /export\s*\{[^}]*\bmount\b[^}]*\}/);
  assert.match(js, /export\s*\{[^}]*\bas default\b/);
  // The d.ts of the entry: the class as default and named export, the rest as types.
  const dts = readFileSync(join(pkg, 'clerk.d.ts'), 'utf8');
  assert.match(dts, /^export default Clerk;$/m);
  assert.match(dts, /^export \{ Clerk \};$/m);
  for (const name of ['User', 'EmailAddress', 'PhoneNumber', 'Web3Wallet', 'ExternalAccount', 'CreateEmailAddressParams', 'ClerkAPIResponseError']) {
    assert.match(dts, new RegExp(`^  ${name},$`, 'm'));
  }
  assert.doesNotMatch(dts, /InitOutput|initSync/);
});

test("an app with the tarball installed type-checks `import Clerk from 'clerk-wasm'` (bundler and nodenext resolution)", () => {
  const app = join(dir, 'app');
  const installed = join(app, 'node_modules/clerk-wasm');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, packed.filename), '-C', installed, '--strip-components=1']);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  writeFileSync(
    join(app, 'main.ts'),
    `import Clerk, { Clerk as Named, type EmailAddress, type ClerkAPIResponseError } from 'clerk-wasm';
const clerk: Named = new Clerk('pk_test_Y2xlcmsuZXhhbXBsZS5jb20k');
await clerk.load();
const created: EmailAddress | undefined = await clerk.user?.createEmailAddress({ email: 'test@test.com' });
export const address: string | undefined = created?.emailAddress;
export const errors = (e: unknown) => (e as ClerkAPIResponseError).errors.map((x) => x.meta?.paramName);
`,
  );
  for (const [module, resolution] of [['esnext', 'bundler'], ['nodenext', 'nodenext']]) {
    const config = join(app, `tsconfig.${resolution}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: { target: 'es2022', module, moduleResolution: resolution, lib: ['es2022', 'dom'], types: [], strict: true, noEmit: true, skipLibCheck: false },
        files: ['main.ts'],
      }),
    );
    const run = spawnSync(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: app, encoding: 'utf8' });
    assert.equal(run.status, 0, `${resolution}: ${run.stdout}${run.stderr}`);
  }
});
