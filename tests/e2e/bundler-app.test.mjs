// The example app (www/app) built by a bundler — Vite 7, the workspace's — on the packed
// package, installed by name from its tarball the way an app's `npm install` does, then run in
// headless Chromium against the dev server: a person signs in through the mounted sign-in
// component (email + password of a user made through the Backend API), adds an email address
// with createEmailAddress (and sees a malformed one refused), and signs out.
//
// The app is built from a copy in a temp folder: pkg/ packed next to it, its dependency pointed
// at that tarball, `npm install --offline` (a file: tarball needs no registry), `vite build`. The
// built app is served from its own origin, which also forwards GET /dev/instance to the dev
// server (as `vite dev`'s proxy does), so the app finds the publishable key as it does there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { artifacts, backend, createUser, launchBrowser, newPage, root, startDevServer, uniqueEmail } from './harness.mjs';

const appSource = join(root, 'www/app');
let dir, app, dist, version, dev, clerk, site, browser;

function cargoVersion() {
  const pkgSection = readFileSync(join(root, 'Cargo.toml'), 'utf8').split(/^\[/m).find((s) => s.startsWith('package]'));
  return pkgSection.match(/^version\s*=\s*"([^"]*)"/m)[1];
}

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Serves `folder` on 127.0.0.1 (any free port) and forwards GET /dev/instance to the dev server. */
async function serveBuild(folder, devUrl) {
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/dev/instance') {
      const upstream = await fetch(`${devUrl}/dev/instance`);
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(await upstream.text());
      return;
    }
    const file = normalize(join(folder, path === '/' ? 'index.html' : path));
    if (file.startsWith(folder) && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

before(async () => {
  assert.ok(existsSync(join(root, 'pkg/package.json')), 'pkg/ is not built: run bash scripts/build-sdk.sh');
  version = cargoVersion();
  dir = mkdtempSync(join(tmpdir(), 'clerk-app-'));
  app = join(dir, 'app');
  dist = join(app, 'dist');
  cpSync(appSource, app, { recursive: true, filter: (src) => !/[/\\](node_modules|dist|package-lock\.json)$/.test(src) });
  execFileSync('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], { cwd: join(root, 'pkg'), stdio: 'ignore' });
  // The same dependency, on the fresh tarball; Vite and TypeScript are the workspace's.
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  manifest.dependencies['clerk-wasm'] = `file:../clerk-wasm-${version}.tgz`;
  delete manifest.devDependencies;
  writeFileSync(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--loglevel=error'], { cwd: app, stdio: 'ignore' });
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });

  dev = await startDevServer();
  clerk = backend(dev);
  site = await serveBuild(dist, dev.frontendApiUrl);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.close();
  dev?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the app depends on the package by name, on the tarball scripts/build-sdk.sh packs", () => {
  const manifest = JSON.parse(readFileSync(join(appSource, 'package.json'), 'utf8'));
  assert.equal(manifest.dependencies['clerk-wasm'], `file:../../pkg/clerk-wasm-${version}.tgz`);
  assert.match(manifest.devDependencies.vite, /^7\./);
  assert.match(readFileSync(join(appSource, 'src/main.ts'), 'utf8'), /^import Clerk, .* from 'clerk-wasm';$/m);
  // What the app installed is the package, not a link to pkg/.
  const installed = join(app, 'node_modules/clerk-wasm');
  assert.ok(lstatSync(installed).isDirectory());
  assert.equal(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version, version);
});

test('vite build bundles the package and copies both .wasm modules into dist/assets', () => {
  const assets = readdirSync(join(dist, 'assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm')).sort();
  assert.equal(wasm.length, 2, assets.join(' '));
  const [ui, core] = [wasm.find((f) => /^clerk_ui_bg-[\w-]+\.wasm$/.test(f)), wasm.find((f) => /^clerk_wasm_bg-[\w-]+\.wasm$/.test(f))];
  assert.ok(core && ui, assets.join(' '));
  assert.ok(readFileSync(join(dist, 'assets', core)).equals(readFileSync(join(root, 'pkg/clerk_wasm_bg.wasm'))));
  assert.ok(readFileSync(join(dist, 'assets', ui)).equals(readFileSync(join(root, 'pkg/clerk_ui_bg.wasm'))));
  // The app's bundle, and the UI module as a chunk of its own (loaded on the first mount).
  const js = assets.filter((f) => f.endsWith('.js'));
  assert.equal(js.length, 2, assets.join(' '));
  const entry = js.find((f) => !/^clerk_ui-/.test(f));
  const chunk = js.find((f) => /^clerk_ui-[\w-]+\.js$/.test(f));
  assert.ok(entry && chunk, assets.join(' '));
  const code = readFileSync(join(dist, 'assets', entry), 'utf8');
  assert.doesNotMatch(code, /from\s*["']clerk-wasm["']/);
  assert.ok(code.includes(core), 'the bundle points at the copied core .wasm');
  assert.ok(code.includes(ui), 'the bundle points at the copied UI .wasm');
  assert.ok(code.includes(chunk), 'the bundle imports the UI chunk');
  assert.match(readFileSync(join(dist, 'index.html'), 'utf8'), new RegExp(`src="\\./assets/${entry.replace('.', '\\.')}"`));
});

test('the built app: sign in with the mounted component, createEmailAddress, sign out', async () => {
  const { user, email, password } = await createUser(clerk);
  const page = await newPage(await browser.newContext({ viewport: { width: 900, height: 800 } }));
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  const status = () => page.textContent('#status');
  const statusIs = (want) => page.waitForFunction((w) => document.getElementById('status').textContent.startsWith(w), want);

  // Signed out: the key came from /dev/instance; the app mounted the sign-in component.
  await page.goto(`${site.origin}/`);
  await statusIs('signed-out');
  assert.ok(fetched.some((u) => u === `${site.origin}/dev/instance`));
  assert.ok(fetched.some((u) => new RegExp(`^${site.origin}/assets/clerk_wasm_bg-[\\w-]+\\.wasm$`).test(u)), 'the .wasm is loaded from the build');
  await page.waitForSelector('#sign-in input[name=identifier]');
  for (const file of ['clerk_ui', 'clerk_ui_bg']) {
    const ext = file === 'clerk_ui' ? 'js' : 'wasm';
    assert.ok(fetched.some((u) => new RegExp(`^${site.origin}/assets/${file}-[\\w-]+\\.${ext}$`).test(u)), `${file}.${ext} is loaded from the build`);
  }
  await page.fill('#sign-in input[name=identifier]', email);
  await page.click('#sign-in button[type=submit]');
  await page.fill('#sign-in input[name=password]', password);
  await page.click('#sign-in button[type=submit]');

  // The component signs in and comes back to the app, which shows the user.
  await statusIs('signed-in:');
  assert.equal(await status(), `signed-in:${user.id}`);
  assert.equal(await page.textContent('#user-email'), email);
  assert.equal(await page.textContent('#hello'), 'Hello, Pat Example');

  // createEmailAddress: the new address is on the page and on the user.
  const added = uniqueEmail('added');
  await page.fill('#add-email input[name=email]', added);
  await page.click('#add-email button[type=submit]');
  await page.waitForFunction(() => /^(created|error):/.test(document.getElementById('result').textContent));
  assert.equal(await page.textContent('#result'), `created:${added}`);
  assert.deepEqual(await page.locator('#emails li').allTextContents(), [`${email} (primary)`, added]);
  const stored = await clerk.users.getUser(user.id);
  assert.deepEqual(stored.emailAddresses.map((e) => e.emailAddress).sort(), [email, added].sort());
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'vite-app-signed-in.png') });

  // A malformed address is refused with the API's error shape, before any request.
  await page.fill('#add-email input[name=email]', 'not-an-email');
  await page.click('#add-email button[type=submit]');
  await page.waitForFunction(() => document.getElementById('result').textContent.startsWith('error:'));
  assert.equal(await page.textContent('#result'), 'error:form_param_format_invalid:email_address');

  // Sign out: the app shows the sign-in again, and stays signed out after a reload.
  await page.click('#sign-out');
  await statusIs('signed-out');
  await page.waitForSelector('#sign-in input[name=identifier]');
  assert.equal(await page.evaluate(() => window.clerk.session), null);
  await page.reload();
  await statusIs('signed-out');
  assert.deepEqual(page.problems, []);
});

test('the app takes the publishable key from ?publishableKey= and shows a bad one', async () => {
  const page = await newPage(await browser.newContext());
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  await page.goto(`${site.origin}/?publishableKey=pk_test_bm90IGEga2V5`);
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('error:'));
  assert.match(await page.textContent('#status'), /^error:The publishableKey passed to Clerk is invalid/);
  assert.ok(!fetched.some((u) => u.endsWith('/dev/instance')));
});
