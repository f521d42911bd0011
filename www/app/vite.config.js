// Vite's configuration of the example app. A plain object (no `import … from 'vite'`), so a copy
// of this folder builds with any Vite on the PATH (tests/e2e/bundler-app.test.mjs uses the
// workspace's).
const devServer = process.env.CLERK_DEVSERVER_URL || 'http://127.0.0.1:4000';

export default {
  // Relative asset URLs: dist/ works from any folder (the dev server serves it at /www/app/dist/).
  base: './',
  // clerk-wasm finds its .wasm with `new URL('clerk_wasm_bg.wasm', import.meta.url)`: Vite's
  // build copies the file into dist/assets by itself; during `vite dev` the package must not be
  // pre-bundled, or the URL would point into Vite's dependency cache.
  optimizeDeps: { exclude: ['clerk-wasm'] },
  // `vite dev` / `vite preview`: the app reads the publishable key from the dev server's
  // GET /dev/instance, on its own origin.
  server: { host: '127.0.0.1', proxy: { '/dev/instance': devServer } },
  preview: { host: '127.0.0.1', proxy: { '/dev/instance': devServer } },
};
