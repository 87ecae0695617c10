/*
 * Holds back what Material's bundle loads for later, until a reader needs it.
 *
 * - The search: its web worker (workers/search.*.min.js, with the language
 *   files it loads) and search/search_index.json, the largest file of a
 *   first visit, which grows with every post. Both wait until the search is
 *   opened: its icon, its field, or Material's keyboard shortcuts, which
 *   focus the field. Until then the bundle talks to a stand-in that keeps
 *   its messages and listeners, and hands them to the real worker.
 * - sitemap.xml, which the bundle fetches once for every
 *   <link rel="alternate"> of the page (here, the feeds) to follow links
 *   between language versions, until the reader first touches, clicks or
 *   types.
 *
 * Loaded just before the bundle. Nothing else changes: the bundle builds
 * the search exactly as it would, a moment later.
 */
(function () {
  "use strict";

  var rules = [
    { pattern: /\/search\/search_index\.json$/, released: false, held: [] },
    { pattern: /\/sitemap\.xml$/, released: false, held: [] },
  ];
  var SEARCH = rules[0];
  var SITEMAP = rules[1];

  function release(rule) {
    if (rule.released) return;
    rule.released = true;
    rule.held.splice(0).forEach(function (send) {
      send();
    });
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  XMLHttpRequest.prototype.open = function (method, url) {
    var path = String(url).split(/[?#]/)[0];
    this.siteHeldBy = null;
    for (var i = 0; i < rules.length; i++) {
      if (rules[i].pattern.test(path)) this.siteHeldBy = rules[i];
    }
    return open.apply(this, arguments);
  };

  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    var rule = request.siteHeldBy;
    if (!rule || rule.released) return send.apply(request, args);
    rule.held.push(function () {
      send.apply(request, args);
    });
  };

  var RealWorker = window.Worker;
  var SEARCH_WORKER = /\/workers\/search\.[^/]*\.js$/;

  function Worker(url, options) {
    if (SEARCH.released || !SEARCH_WORKER.test(String(url).split(/[?#]/)[0])) {
      return new RealWorker(url, options);
    }
    var real = null;
    var messages = [];
    var listeners = [];
    this.postMessage = function () {
      if (real) real.postMessage.apply(real, arguments);
      else messages.push(arguments);
    };
    this.addEventListener = function (type, listener, opts) {
      listeners.push([type, listener, opts]);
      if (real) real.addEventListener(type, listener, opts);
    };
    this.removeEventListener = function (type, listener, opts) {
      listeners = listeners.filter(function (entry) {
        return entry[0] !== type || entry[1] !== listener;
      });
      if (real) real.removeEventListener(type, listener, opts);
    };
    this.terminate = function () {
      if (real) real.terminate();
    };
    SEARCH.held.push(function () {
      real = new RealWorker(url, options);
      listeners.forEach(function (entry) {
        real.addEventListener(entry[0], entry[1], entry[2]);
      });
      messages.splice(0).forEach(function (args) {
        real.postMessage.apply(real, args);
      });
    });
  }
  if (RealWorker) window.Worker = Worker;

  function openSearch() {
    release(SEARCH);
    release(SITEMAP);
  }

  document.addEventListener("focusin", function (event) {
    var node = event.target;
    if (node.matches && node.matches("[data-md-component=search-query]")) openSearch();
  });
  document.addEventListener(
    "click",
    function (event) {
      if (event.target.closest && event.target.closest('label[for="__search"]')) openSearch();
    },
    true
  );
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) openSearch();
  });
  ["pointerdown", "keydown", "touchstart"].forEach(function (type) {
    document.addEventListener(
      type,
      function () {
        release(SITEMAP);
      },
      { capture: true, once: true, passive: true }
    );
  });
})();
