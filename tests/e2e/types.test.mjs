// The TypeScript declarations wasm-bindgen generates from the Rust sources and src/ts.rs (issue 6):
// Clerk's documented examples, the example app and an exact-type check of the API type-check
// with `tsc --noEmit --strict -p tests/types`; a wrong parameter name and a wrong parameter type
// each fail with the error TypeScript gives for ClerkJS's own types; and the declarations of
// the API use no `any`. Needs pkg/ built (scripts/test.sh builds it before the page-level tests).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { root } from './harness.mjs';

const tsc = join(root, 'node_modules/typescript/bin/tsc');
const project = join(root, 'tests/types');
let dir;

before(() => {
  assert.ok(existsSync(join(root, 'pkg/clerk.d.ts')), 'pkg/ is not built: run bash scripts/build-sdk.sh');
  dir = mkdtempSync(join(tmpdir(), 'clerk-types-'));
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

/** Runs tsc (from the repository root, so paths print relative to it); `{status, output}`. */
function runTsc(args) {
  const run = spawnSync(process.execPath, [tsc, ...args, '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

test("Clerk's examples, the example app and the exact API types type-check (tsc --noEmit --strict -p tests/types)", () => {
  const { status, output } = runTsc(['--noEmit', '--strict', '-p', project]);
  assert.equal(output, '');
  assert.equal(status, 0);
  // The project really covers them (and the generated declarations, with skipLibCheck off).
  const files = runTsc(['--noEmit', '-p', project, '--listFilesOnly']).output.split('\n').map((f) => relative(root, f.trim()));
  for (const f of [
    'tests/types/create-email-address.ts',
    'tests/types/create-phone-number.ts',
    'tests/types/create-web3-wallet.ts',
    'tests/types/notion-external-account.ts',
    'tests/types/sign-in-page.ts',
    'tests/types/api-types.ts',
    'www/app/src/main.ts',
    'pkg/clerk.d.ts',
    'pkg/clerk_wasm.d.ts',
  ]) {
    assert.ok(files.includes(f), `${f} is not in the tests/types project`);
  }
});

/** Type-checks one file of tests/types/negative with the project's options; its errors. */
function checkAlone(name) {
  const file = join(project, 'negative', name);
  const config = join(dir, `${name}.tsconfig.json`);
  writeFileSync(config, JSON.stringify({ extends: join(project, 'tsconfig.json'), include: [], files: [file] }));
  const { status, output } = runTsc(['--noEmit', '--strict', '-p', config]);
  const marked = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('// <- error')) + 1;
  return { status, errors: output.split('\n').filter((l) => /error TS\d+/.test(l)), marked };
}

test('a wrong parameter name fails: createEmailAddress({ emailAddress }) (TS2353)', () => {
  const { status, errors, marked } = checkAlone('wrong-param-name.ts');
  assert.notEqual(status, 0);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(
    errors[0],
    new RegExp(
      `^tests/types/negative/wrong-param-name\\.ts\\(${marked},\\d+\\): error TS2353: Object literal may only specify known properties, and 'emailAddress' does not exist in type 'CreateEmailAddressParams'\\.$`,
    ),
  );
});

test('a wrong parameter type fails: createPhoneNumber({ phoneNumber: 15551234567 }) (TS2322)', () => {
  const { status, errors, marked } = checkAlone('wrong-param-type.ts');
  assert.notEqual(status, 0);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(
    errors[0],
    new RegExp(`^tests/types/negative/wrong-param-type\\.ts\\(${marked},\\d+\\): error TS2322: Type 'number' is not assignable to type 'string'\\.$`),
  );
});

test('the declarations of the API have no `any`, and every method names its parameter types', () => {
  const generated = readFileSync(join(root, 'pkg/clerk_wasm.d.ts'), 'utf8');
  // wasm-bindgen's loader API (InitOutput's raw exports) is not part of clerk.js.
  const api = generated.slice(0, generated.indexOf('export type InitInput'));
  assert.ok(api.length > 1000);
  const code = api.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  assert.doesNotMatch(code, /\bany\b/);
  assert.doesNotMatch(readFileSync(join(root, 'pkg/clerk.d.ts'), 'utf8').replace(/\/\/.*$/gm, ''), /\bany\b/);
  // Each resource class has its data merged in from src/ts.rs, and the create methods and
  // their parameter types are ClerkJS's.
  for (const cls of ['Client', 'Session', 'SessionWithActivities', 'User', 'EmailAddress', 'PhoneNumber', 'Web3Wallet', 'ExternalAccount', 'SignIn', 'SignUp', 'Environment']) {
    assert.match(code, new RegExp(`^export class ${cls} \\{`, 'm'), `class ${cls}`);
    assert.match(code, new RegExp(`^export interface ${cls}(?: extends \\w+)? \\{`, 'm'), `the data of ${cls}`);
  }
  for (const [method, param, ret] of [
    ['createEmailAddress', 'CreateEmailAddressParams', 'EmailAddress'],
    ['createPhoneNumber', 'CreatePhoneNumberParams', 'PhoneNumber'],
    ['createWeb3Wallet', 'CreateWeb3WalletParams', 'Web3Wallet'],
    ['createExternalAccount', 'CreateExternalAccountParams', 'ExternalAccount'],
  ]) {
    assert.match(code, new RegExp(`^\\s+${method}\\(params: ${param}\\): Promise<${ret}>;$`, 'm'));
  }
  assert.match(code, /^\s+constructor\(publishableKey: string, options\?: ClerkOptions\);$/m);
  assert.match(code, /^\s+errors: ClerkAPIError\[\];$/m);
});
