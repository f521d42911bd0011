// clerk-wasm's ES module entry (built into pkg/clerk.js): instantiates the WebAssembly module,
// found next to this file, before anything else runs, so the default export is a ready-to-use
// Clerk class, as `import Clerk from '@clerk/clerk-js'` gives:
//
//   import Clerk from '/pkg/clerk.js';
//   const clerk = new Clerk(publishableKey);
//   await clerk.load();
import init, * as classes from '../pkg/clerk_wasm.js';

const { Clerk } = classes;

await init({ module_or_path: new URL('clerk_wasm_bg.wasm', import.meta.url) });

// The minifier renames classes; give them back their names, so `console.log(emailAddress)`
// says `EmailAddress {…}` as with ClerkJS.
for (const [name, value] of Object.entries(classes)) {
  if (typeof value === 'function' && /^[A-Z]/.test(name)) Object.defineProperty(value, 'name', { value: name });
}

export { Clerk };
export default Clerk;
