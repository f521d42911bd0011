// The demo pages' console mirror (a classic script, loaded before the page's modules): every
// `console.log(…)` still reaches the real console, and also becomes one `.entry` of the page's
// `#log` list, so what Clerk's example code prints is visible without devtools.
//
// How values are shown: strings as they are; a resource (an `EmailAddress`, a `PhoneNumber`, …)
// as its type and its own enumerable properties in JSON, Dates as ISO strings; arrays (Clerk's
// `error.errors`: `{code, message, longMessage, meta}` each) and plain objects as JSON; an Error
// as its name, message and own properties. Everything goes in through `textContent`.
//
// `window.demoLog`: `note(text)` adds a line of the page's own (not a console.log), `failed(error)`
// logs an error as the examples do (`error.errors`, else the error), and
// `onLog(fn)` calls `fn(args)` for every console.log so far and every later one (the verify
// steps watch for the resources the example logged).
(() => {
  const realLog = console.log.bind(console);
  const seen = [];
  const listeners = [];

  /** JSON of `value`: own enumerable properties, Dates as ISO strings, no cycles, no functions. */
  function json(value) {
    const stack = [];
    const plain = (v) => {
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString();
      if (v instanceof URL) return v.href;
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v === 'function' || typeof v === 'symbol') return undefined;
      if (v === null || typeof v !== 'object') return v;
      if (stack.includes(v)) return '[Circular]';
      stack.push(v);
      let out;
      if (Array.isArray(v)) {
        out = v.map((x) => {
          const p = plain(x);
          return p === undefined ? null : p;
        });
      } else {
        out = {};
        if (v instanceof Error) {
          out.name = v.name;
          out.message = v.message;
        }
        for (const key of Object.keys(v)) {
          const p = plain(v[key]);
          if (p !== undefined) out[key] = p;
        }
      }
      stack.pop();
      return out;
    };
    return JSON.stringify(plain(value), null, 2);
  }

  /** The type shown before an object: its class name, unless it is a plain object or array. */
  function typeOf(value) {
    const name = value?.constructor?.name;
    return name && name !== 'Object' && name !== 'Array' ? name : '';
  }

  function render(args, kind) {
    const list = document.getElementById('log');
    if (!list) return;
    const li = document.createElement('li');
    li.className = kind ? `entry ${kind}` : 'entry';
    args.forEach((arg, i) => {
      if (i > 0 && (typeof arg !== 'object' || arg === null)) li.append(' ');
      if (arg !== null && typeof arg === 'object') {
        const type = typeOf(arg);
        if (type) {
          if (i > 0) li.append(' ');
          const label = document.createElement('span');
          label.className = 'type';
          label.textContent = type;
          li.dataset.type ??= type;
          li.append(label);
        }
        const pre = document.createElement('pre');
        pre.className = 'json';
        pre.textContent = json(arg);
        li.append(pre);
      } else {
        li.append(String(arg));
      }
    });
    list.append(li);
  }

  /** Renders now, or once the page's body is parsed (a log before `#log` exists waits). */
  function show(args, kind) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => render(args, kind), { once: true });
    else render(args, kind);
  }

  console.log = (...args) => {
    realLog(...args);
    seen.push(args);
    show(args, '');
    for (const fn of listeners) {
      try {
        fn(args);
      } catch (e) {
        realLog('demo-log listener failed:', e);
      }
    }
  };

  // Failures the example does not catch are shown too (they still reach the console).
  window.addEventListener('error', (e) => show([`Uncaught ${e.error?.name ?? 'error'}: ${e.error?.message ?? e.message}`], 'error'));
  window.addEventListener('unhandledrejection', (e) => {
    const r = e.reason;
    show([`Unhandled rejection: ${r?.message ?? (typeof r === 'object' ? json(r) : String(r))}`], 'error');
  });

  window.demoLog = {
    note: (text) => show([text], 'note'),
    /** Logs a failure as the examples log theirs: Clerk's `error.errors`, anything else as it is. */
    failed: (error) => console.log('An error occurred:', error?.errors ?? error),
    onLog(fn) {
      listeners.push(fn);
      for (const args of seen) fn(args);
    },
  };
})();
