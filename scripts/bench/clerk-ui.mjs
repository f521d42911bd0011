// ClerkJS 6.x ships without its components: `mountSignIn` needs the UI of `@clerk/ui`, whose
// browser bundle (`dist/ui.browser.js`, which loads its chunks from next to itself and sets
// `window.__internal_ClerkUICtor`) is handed to `Clerk.load({ ui: { ClerkUI } })` — what
// @clerk/shared's loadClerkUIScript + IsomorphicClerk do in Clerk's framework SDKs.
// `@clerk/ui` does not install from npm here (peer dependencies), so its tarball is taken with
// `npm pack` and unpacked into node_modules/.cache/clerk-ui/ once; later runs reuse it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const CLERK_UI_VERSION = '1.36.0';

/** Returns the folder holding @clerk/ui's dist/ (fetching and unpacking it if missing). */
export function ensureClerkUi(root) {
  const cache = join(root, 'node_modules/.cache/clerk-ui');
  const pkgDir = join(cache, `package-${CLERK_UI_VERSION}`);
  const ok = () => {
    try {
      return (
        JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version === CLERK_UI_VERSION &&
        existsSync(join(pkgDir, 'dist/ui.browser.js'))
      );
    } catch {
      return false;
    }
  };
  if (ok()) return join(pkgDir, 'dist');

  mkdirSync(cache, { recursive: true });
  const tgz = join(cache, `clerk-ui-${CLERK_UI_VERSION}.tgz`);
  if (!existsSync(tgz)) {
    console.log(`bench: fetching @clerk/ui@${CLERK_UI_VERSION} with npm pack into ${cache}`);
    execFileSync('npm', ['pack', `@clerk/ui@${CLERK_UI_VERSION}`, '--pack-destination', cache, '--silent'], {
      cwd: cache,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (!existsSync(tgz)) throw new Error(`npm pack did not produce ${tgz}`);
  }
  // Unpack next to the final folder, then rename: a run interrupted midway leaves no half folder.
  const tmp = join(cache, `unpack-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    execFileSync('tar', ['-xzf', tgz, '-C', tmp], { stdio: 'inherit' });
    rmSync(pkgDir, { recursive: true, force: true });
    renameSync(join(tmp, 'package'), pkgDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!ok()) throw new Error(`@clerk/ui@${CLERK_UI_VERSION} unpacked without dist/ui.browser.js`);
  return join(pkgDir, 'dist');
}
