// The bench's pages: one shape for both SDKs. Each page has a <div id="sign-in">, gets a Clerk
// instance the way the SDK documents it, and runs the same module script:
//
//   await clerk.load(options)      -> __bench.loaded   (performance.now(), ms from navigation start)
//   clerk.mountSignIn(el, props)   -> __bench.rendered (the identifier input is in the DOM and visible)
//
// `?nomount` skips the mount: the createEmailAddress measurement only needs a loaded instance,
// and the headless signed-in page mounts nothing. __bench.userId is who load() found signed in.
//
// clerk-wasm:  <script type="module"> import Clerk from '…/clerk.js'; new Clerk(pk, {proxyUrl})
//              (README: the ES module; clerk.js fetches clerk_wasm_bg.wasm next to itself, and
//              its UI module clerk_ui.js + clerk_ui_bg.wasm from there too when a component is
//              mounted or nobody is signed in — with `?nomount` and a signed-in user, never)
// ClerkJS:     <script src="…/clerk.browser.js" data-clerk-publishable-key data-clerk-proxy-url>
//              <script src="…/ui.browser.js">  then  window.Clerk.load({ ui: { ClerkUI } })
//              (the CDN bundles Clerk's framework SDKs hot-load: @clerk/shared loadClerkJSScript
//              and loadClerkUIScript; ClerkJS 6.x throws "Clerk was not loaded with Ui
//              components" on mountSignIn without `ui.ClerkUI`)
// ClerkJS's headless core: the same without ui.browser.js, `window.Clerk.load()` without `ui`
//              — the least ClerkJS 6 downloads for a page that shows none of its components.
//
// Both mount with `{ signUpUrl: '/sign-up' }`: the dev server's environment names sign-in/up
// URLs on its own origin, and ClerkJS decorates a cross-origin URL with the dev browser id, which
// it only creates for Clerk's own development hosts (*.accounts.dev, …) — without a same-origin
// sign-up URL its sign-in throws "Missing dev browser" (an artefact of the loopback key).

const js = JSON.stringify;

// The part both pages share, after `clerk` and `loadOptions` are defined.
const common = `
const B = (window.__bench = {});
window.clerk = clerk;
const visible = (el) => {
  if (!el || !el.isConnected) return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
};
try {
  await clerk.load(loadOptions);
  B.loaded = performance.now();
  B.isLoaded = clerk.loaded === true;
  B.userId = (clerk.user && clerk.user.id) || null;
  if (!new URLSearchParams(location.search).has('nomount')) {
    const root = document.getElementById('sign-in');
    let observer;
    const check = () => {
      if (B.rendered) return true;
      if (!visible(root.querySelector('input[name=identifier]'))) return false;
      B.rendered = performance.now();
      observer.disconnect();
      return true;
    };
    observer = new MutationObserver(check);
    observer.observe(root, { childList: true, subtree: true, attributes: true });
    clerk.mountSignIn(root, { signUpUrl: '/sign-up' });
    const frame = () => { if (!check()) requestAnimationFrame(frame); };
    frame();
  }
} catch (e) {
  B.error = String((e && e.stack) || e);
}
B.ready = true;
`;

const shell = (title, head, body) => `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title>${head}</head>
<body><div id="sign-in"></div>
${body}
</body></html>`;

/**
 * clerk-wasm's page: `base` is the URL of the folder holding pkg/'s files. With `preload`, the
 * head also names both files (`modulepreload` for clerk.js, `preload as=fetch` for the .wasm) so
 * the browser fetches them in parallel from the start instead of HTML -> clerk.js -> .wasm — not
 * the README's form; the bench measures it for information.
 */
export function wasmPage({ base, publishableKey, proxyUrl, preload = false }) {
  return shell(
    preload ? 'bench: clerk-wasm (preload)' : 'bench: clerk-wasm',
    preload
      ? `<link rel="modulepreload" href=${js(`${base}/clerk.js`)}><link rel="preload" as="fetch" crossorigin href=${js(`${base}/clerk_wasm_bg.wasm`)}>`
      : '',
    `<script type="module">
import Clerk from ${js(`${base}/clerk.js`)};
const clerk = new Clerk(${js(publishableKey)}, { proxyUrl: ${js(proxyUrl)} });
const loadOptions = undefined;
${common}</script>`,
  );
}

/**
 * ClerkJS's page: `base` holds clerk-js/dist, `uiBase` holds @clerk/ui's dist. Without `uiBase`,
 * ClerkJS's headless core: no UI script, `load()` without `ui` (mountSignIn would throw).
 */
export function clerkJsPage({ base, uiBase, publishableKey, proxyUrl }) {
  return shell(
    uiBase ? 'bench: ClerkJS' : 'bench: ClerkJS headless core',
    '',
    `<script src=${js(`${base}/clerk.browser.js`)} data-clerk-publishable-key=${js(publishableKey)} data-clerk-proxy-url=${js(proxyUrl)}></script>
${uiBase ? `<script src=${js(`${uiBase}/ui.browser.js`)}></script>\n` : ''}<script type="module">
const clerk = window.Clerk;
const loadOptions = ${uiBase ? '{ ui: { ClerkUI: window.__internal_ClerkUICtor } }' : 'undefined'};
${common}</script>`,
  );
}

/**
 * Installed (addInitScript) in every context before any SDK code runs: records when the page
 * calls fetch and when fetch's promise settles (the response's headers are in), on
 * performance.now()'s clock — for the round trips of load() and the createEmailAddress timings.
 * The wrapper's own .then is attached before the caller gets the promise, so it runs before the
 * caller's continuation. Both SDKs call the global fetch at call time.
 */
export const fetchProbe = `(() => {
  const orig = window.fetch;
  const log = (window.__fetchLog = []);
  window.fetch = function (input, init) {
    const rec = {
      url: String((input && input.url) || input),
      method: (init && init.method) || (input && input.method) || 'GET',
      sent: performance.now(),
    };
    log.push(rec);
    const p = orig.apply(this, arguments);
    p.then(() => { rec.response = performance.now(); }, () => { rec.response = performance.now(); rec.failed = true; });
    return p;
  };
})();`;
