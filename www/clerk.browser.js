// clerk-wasm for a <script> tag (built into pkg/clerk.browser.js), like ClerkJS's
// clerk.browser.js: it reads data-clerk-publishable-key (and data-clerk-proxy-url) from its own
// tag, or window.__clerk_publishable_key / window.__clerk_proxy_url, and sets window.Clerk.
//
// The module (pkg/clerk.js, next to this file) loads asynchronously, but pages call
// `Clerk.load()` from their window "load" handler as soon as this script has run; so
// window.Clerk is at first a stand-in whose load() waits for the module, and which forwards
// every other property to the real instance once it exists.
(function () {
  var script = document.currentScript;
  var attr = function (name) {
    return (script && script.getAttribute(name)) || undefined;
  };
  var key = attr('data-clerk-publishable-key') || window.__clerk_publishable_key;
  var proxyUrl = attr('data-clerk-proxy-url') || window.__clerk_proxy_url;
  var base = (script && script.src) || document.baseURI;
  var real = null;
  var ready = import(new URL('clerk.js', base).href).then(function (m) {
    real = new m.default(key, proxyUrl ? { proxyUrl: proxyUrl } : undefined);
    return real;
  });
  // An unhandled rejection here would be reported twice; load() reports it to the page.
  ready.catch(function () {});
  window.Clerk = new Proxy(
    {},
    {
      get: function (_, prop) {
        if (prop === 'load') {
          return function (options) {
            return ready.then(function (clerk) {
              return clerk.load(options);
            });
          };
        }
        if (!real) return prop === 'loaded' ? false : undefined;
        var value = real[prop];
        return typeof value === 'function' ? value.bind(real) : value;
      },
      set: function (_, prop, value) {
        if (!real) return false;
        real[prop] = value;
        return true;
      },
      has: function (_, prop) {
        return prop === 'load' || (real !== null && prop in real);
      },
    },
  );
})();
