// Loads clerk-wasm's UI module — pkg/clerk_ui.js and its clerk_ui_bg.wasm, next to the SDK's
// clerk.js — once per page, the first time the SDK asks for it (src/components.rs): on the first
// mount or open of a component, the first wallet sign-in, or as a prefetch when load() finds
// nobody signed in. Until then not one byte of UI is downloaded, as ClerkJS 6 loads @clerk/ui.
//
// Both files are named relative to this module, in the forms bundlers (Vite, webpack 5, Rollup)
// follow: a dynamic import of a literal path (the UI glue becomes a chunk of the app) and
// `new URL('<file>', import.meta.url)` (the .wasm is copied as an asset). Unbundled, both resolve
// next to clerk.js. The .wasm download starts together with the import.
let loading;

export function loadComponents() {
  loading ||= (async () => {
    const wasm = fetch(new URL('clerk_ui_bg.wasm', import.meta.url));
    // Its failure is reported by init() below (or made moot by a failed import).
    wasm.catch(() => {});
    const ui = await import('./clerk_ui.js');
    await ui.default({ module_or_path: wasm });
    return ui;
  })().catch((e) => {
    // A failed download may be retried by the next mount.
    loading = undefined;
    throw e;
  });
  return loading;
}

// Imports the UI module if needed, then calls its export `name` with `args` (the SDK's wallet
// methods, which the UI module runs as a chain of the SDK's public promises).
export function withComponents(name, args) {
  return loadComponents().then((ui) => ui[name](...args));
}
