/*
 * Runs the page's scripts once the page has shown what it first loads
 * (site_build/scripts.py puts this script, the same on every page, where
 * the scripts were, and their addresses in a JSON list before it: the
 * element SITE_LIST, each entry a `src` and maybe a `media`).
 *
 * The scripts download and run in the page's order once the page has
 * shown its first screen: after the first contentful paint, the load
 * event (the pictures of the first screen are in), and two frames more,
 * so that nothing the scripts need competes with the page and its
 * pictures, and the first screen of text and pictures is painted before
 * Material's bundle runs (its evaluation is the longest task of a page
 * load on a phone). A browser that does not report paints waits for the
 * load event alone.
 *
 * An entry with a `media` (Material's bundle, below 960 px) holds its
 * script until that media matches, now or later, or until a script
 * of the site asks for it with `window.__site_scripts.run()` (site.js
 * does, when the reader opens the search). Meanwhile the page root
 * carries data-site-waiting.
 *
 * Material's bundle starts its work on DOMContentLoaded (its document$
 * listens for it once), which has always passed by the time it runs (the
 * load event comes after it). While a batch of scripts runs, the listeners
 * they add for that event to the document are kept aside (every other
 * listener goes to the document as usual); once the last script of the
 * batch has run, they, and only they, get the event, in a task of their
 * own: evaluating the bundle and starting its components are then two
 * tasks, each shorter than the two together, so the page answers input
 * between them. The document itself never sees a second DOMContentLoaded.
 * Once the scripts due at load have run, the page root carries
 * data-site-scripts="ready".
 *
 * `window.__site_scripts.hold` names, relative to the theme's base
 * address, the files that site.js holds back until the reader needs them
 * (site_build/scripts.py declares them; the build writes them in).
 */
(function () {
  "use strict";

  var list = document.getElementById(SITE_LIST);
  var pending = list ? JSON.parse(list.textContent) : [];
  var root = document.documentElement;
  var started = false;
  var running = false;
  var requested = false;

  function due(entry) {
    return requested || !entry.media || matchMedia(entry.media).matches;
  }

  function settled() {
    root.setAttribute("data-site-scripts", "ready");
    if (pending.length) root.setAttribute("data-site-waiting", "");
    else root.removeAttribute("data-site-waiting");
  }

  /* The event Material's bundle starts on (DOMContentLoaded: the build
     writes in site_build/scripts.py's BUNDLE_START_EVENT). */
  var START = SITE_START;
  var own = Object.prototype.hasOwnProperty;

  /* While a batch runs: the document's listeners for START, kept aside. */
  function keepStartListeners() {
    var kept = new EventTarget();
    var add = document.addEventListener;
    document.addEventListener = function (type) {
      if (type === START) return kept.addEventListener.apply(kept, arguments);
      return add.apply(document, arguments);
    };
    return kept;
  }

  function finished(kept) {
    if (own.call(document, "addEventListener")) delete document.addEventListener;
    setTimeout(function () {
      kept.dispatchEvent(new Event(START));
      running = false;
      settled();
      run();
    });
  }

  /* Runs, in order, every script that is due and has not run. */
  function run() {
    if (!started || running) return;
    var batch = pending.filter(due);
    pending = pending.filter(function (entry) {
      return batch.indexOf(entry) < 0;
    });
    if (!batch.length) return settled();
    running = true;
    var kept = keepStartListeners();
    batch.forEach(function (entry, i) {
      var script = document.createElement("script");
      script.src = entry.src;
      script.async = false;
      if (i === batch.length - 1) {
        script.onload = script.onerror = function () {
          finished(kept);
        };
      }
      document.body.appendChild(script);
    });
  }

  pending.forEach(function (entry) {
    if (!entry.media) return;
    var query = matchMedia(entry.media);
    if (query.addEventListener) query.addEventListener("change", run);
  });

  window.__site_scripts = {
    run: function () {
      requested = true;
      run();
    },
    hold: SITE_HOLD,
  };

  function start() {
    if (started) return;
    started = true;
    run();
  }

  function painted(entries) {
    return entries.getEntriesByName("first-contentful-paint").length > 0;
  }

  var waiting = 2; // the first paint, and the load event

  function next() {
    if (--waiting) return;
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        setTimeout(start);
      });
    });
  }

  if (document.readyState === "complete") next();
  else window.addEventListener("load", next);

  var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
  if (!types || types.indexOf("paint") < 0 || painted(performance)) {
    next();
  } else {
    new PerformanceObserver(function (list, observer) {
      if (!painted(list)) return;
      observer.disconnect();
      next();
    }).observe({ type: "paint", buffered: true });
  }
})();
