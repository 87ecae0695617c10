/*
 * The site's script, on every page, run just before Material's bundle
 * (overrides/main.html; site_build/scripts.py runs both after the page's
 * first paint) as one small file: no request of its own for each job.
 *
 * 1. Requests on demand: the search index and worker (and, below 960 px,
 *    Material's bundle) wait until the search is opened, the sitemap until
 *    the reader first interacts.
 * 2. Accessibility fixes for what Material's script does at run time:
 *    instant scrolling for reduced motion, no landmark per search result.
 * 3. "Copia link" in the share buttons of blog posts.
 * 4. The colour-scheme toggle, in place of Material's palette component
 *    (overrides/partials/palette.html says why).
 * 5. The phone drawer, once opened, stays rendered.
 * 6. The back-to-top button, in place of Material's component.
 * 7. Below 960 px, until Material's bundle runs (site_build/scripts.py):
 *    what it would do there at once, done here.
 */

/*
 * 1. Requests on demand: holds back what Material's bundle loads at once,
 * until a reader needs it.
 *
 * - The search: its web worker (the address in Material's configuration,
 *   `search`) and its index (search/search_index.json, or search.json
 *   under Zensical), the largest file of a first visit, which grows with
 *   every post. Both wait until the search is opened: its icon (or
 *   Zensical's search button), its field, or Material's keyboard
 *   shortcuts, which focus the field. Until then the
 *   bundle talks to a stand-in that keeps its messages and listeners, and
 *   hands them to the real worker.
 * - sitemap.xml, which the bundle fetches once for every
 *   <link rel="alternate"> of the page (here, the feeds) to follow links
 *   between language versions, until the reader first touches, clicks or
 *   types.
 *
 * Only those exact addresses are held (the files come from
 * `window.__site_scripts.hold`, which site_build/scripts.py declares, each
 * resolved against the configuration's `base`, as the bundle resolves
 * them); every other request goes through untouched, and once everything
 * is released the browser's own XMLHttpRequest and Worker are put back.
 * The bundle builds the search exactly as it would, a moment later.
 */
(function () {
  "use strict";

  var loader = window.__site_scripts;
  var element = document.getElementById("__config");
  if (!loader || !loader.hold || !element) return;
  var config = JSON.parse(element.textContent);
  var base = new URL(config.base, location);

  function exact(url, from) {
    var address = new URL(url, from);
    address.hash = "";
    return address.href;
  }

  function rule(files) {
    return {
      urls: files.map(function (file) {
        return exact(file, base);
      }),
      released: false,
      held: [],
    };
  }

  var SEARCH = rule(loader.hold.search);
  var SITEMAP = rule(loader.hold.sitemap);
  var rules = [SEARCH, SITEMAP];
  var worker = config.search ? exact(config.search, location) : null;

  var proto = XMLHttpRequest.prototype;
  var open = proto.open;
  var send = proto.send;
  var RealWorker = window.Worker;

  function release(rule) {
    if (rule.released) return;
    rule.released = true;
    rule.held.splice(0).forEach(function (go) {
      go();
    });
    if (SEARCH.released && SITEMAP.released) {
      proto.open = open;
      proto.send = send;
      if (RealWorker) window.Worker = RealWorker;
    }
  }

  function heldBy(url) {
    var address;
    try {
      address = exact(url, location);
    } catch (error) {
      return null; /* open() itself says what is wrong with it */
    }
    for (var i = 0; i < rules.length; i++) {
      if (!rules[i].released && rules[i].urls.indexOf(address) >= 0) return rules[i];
    }
    return null;
  }

  proto.open = function (method, url) {
    this.siteHeldBy = heldBy(url);
    return open.apply(this, arguments);
  };

  proto.send = function () {
    var request = this;
    var args = arguments;
    var rule = request.siteHeldBy;
    if (!rule || rule.released) return send.apply(request, args);
    rule.held.push(function () {
      send.apply(request, args);
    });
  };

  function Worker(url, options) {
    if (SEARCH.released || !worker || exact(url, location) !== worker) {
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

  /* Below 960 px Material's bundle itself waits for the search
     (site_build/scripts.py): opening it runs the bundle. */
  function openSearch() {
    release(SEARCH);
    release(SITEMAP);
    loader.run();
  }

  /* A search in the address (?q=) or a page reached from a search result
     (?h=, the terms Material highlights) needs the bundle at once. */
  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) openSearch();

  document.addEventListener("focusin", function (event) {
    var node = event.target;
    if (node.matches && node.matches("[data-md-component=search-query]")) openSearch();
  });
  ["pointerdown", "click"].forEach(function (type) {
    document.addEventListener(
      type,
      function (event) {
        if (event.target.closest && event.target.closest(loader.hold.openers)) openSearch();
      },
      true
    );
  });
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

/*
 * 2. Accessibility fixes for markup and behaviour that Material's own script
 * produces at run time (issue #3; the template side is in
 * site_build/markup.py, the styles in assets/stylesheets/site.css).
 */
(function () {
  "use strict";

  /* Reduced motion: scrolling that a script asks to be smooth (the table
     of contents following the reader, for one) happens at once. */
  var reduce = window.matchMedia("(prefers-reduced-motion: reduce)");

  function instant(original) {
    return function (options) {
      if (reduce.matches && options && typeof options === "object" && options.behavior === "smooth") {
        var copy = Object.assign({}, options, { behavior: "auto" });
        return original.apply(this, [copy].concat([].slice.call(arguments, 1)));
      }
      return original.apply(this, arguments);
    };
  }

  /* The browser's scrolling functions are wrapped only for readers who ask
     for reduced motion (now, or later on), never for everyone else. */
  var patched = false;

  function patch() {
    if (patched) return;
    patched = true;
    [window, Element.prototype].forEach(function (target) {
      ["scroll", "scrollTo", "scrollBy"].forEach(function (name) {
        if (typeof target[name] === "function") {
          target[name] = instant(target[name]);
        }
      });
    });
    Element.prototype.scrollIntoView = instant(Element.prototype.scrollIntoView);
  }

  if (reduce.matches) patch();
  if (reduce.addEventListener) {
    reduce.addEventListener("change", function (event) {
      if (event.matches) patch();
    });
  }

  /* Search results: Material wraps each result's tags in a <nav> holding
     plain text, one per result, so a page of results adds many unnamed
     navigation landmarks. The tags are not navigation: drop the role. */
  function unlandmark(root) {
    root.querySelectorAll("nav.md-tags:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
  }

  var results = document.querySelector("[data-md-component=search-result]");
  if (results) {
    new MutationObserver(function () {
      unlandmark(results);
    }).observe(results, { childList: true, subtree: true });
  }
})();

/*
 * 3. "Copia link" in the share buttons of blog posts
 * (overrides/partials/share.html): shows the button, copies the post's
 * address and says so in the status line. Pages without share buttons pay
 * one listener.
 */
(function () {
  "use strict";

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var done = false;
      try {
        done = document.execCommand("copy");
      } catch (error) {
        done = false;
      }
      document.body.removeChild(field);
      if (done) {
        resolve();
      } else {
        reject(new Error("copy failed"));
      }
    });
  }

  function setup() {
    document.querySelectorAll(".share__copy[data-share-url]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".share__copy[data-share-url]");
    if (!button) {
      return;
    }
    var status = button.closest(".share").querySelector(".share__status");
    var url = button.getAttribute("data-share-url");
    copy(url).then(
      function () {
        status.textContent = "Link copiato negli appunti.";
      },
      function () {
        status.textContent = "Non è stato possibile copiare il link: " + url;
      }
    );
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();

/*
 * 4. The colour-scheme toggle (overrides/partials/palette.html). The head's
 * inline script (overrides/partials/javascripts/scheme.html) has set the
 * scheme before the page was styled and offers `window.__site_palette`;
 * this part answers the reader, as Material's palette component did:
 * choosing the toggle's label (a click, or Enter on the focused toggle)
 * switches to that scheme and remembers the choice the way Material does
 * (`__md_set("__palette", {index, color})`), with transitions held for that
 * moment so colours do not fade; until the reader chooses, a change of the
 * system preference applies.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-site-palette]");
  var palette = window.__site_palette;
  if (!form || !palette) return;
  var inputs = form.querySelectorAll("input");

  form.addEventListener("change", function (event) {
    var index = Array.prototype.indexOf.call(inputs, event.target);
    if (index < 0) return;
    var color = {};
    ["media", "scheme", "primary", "accent"].forEach(function (key) {
      color[key] = inputs[index].getAttribute("data-md-color-" + key);
    });
    document.body.setAttribute("data-md-color-switching", "");
    palette.show(index);
    __md_set("__palette", { index: index, color: color });
    setTimeout(function () {
      document.body.removeAttribute("data-md-color-switching");
    });
  });

  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    var next = inputs[(palette.current() + 1) % inputs.length];
    next.click();
    next.focus();
  });

  var system = window.matchMedia("(prefers-color-scheme: light)");
  if (system.addEventListener) {
    system.addEventListener("change", function () {
      if (!__md_get("__palette")) palette.show(palette.preferred());
    });
  }
})();

/*
 * 5. Below 1220 px the navigation drawer is not rendered until it is first
 * opened (content-visibility in assets/stylesheets/site.css): while it is
 * open the stylesheet renders it; from then on this class keeps it
 * rendered, so that it slides out with its links when it closes.
 */
(function () {
  "use strict";

  var toggle = document.getElementById("__drawer");
  var drawer = document.querySelector(".md-sidebar--primary");
  if (!toggle || !drawer) return;
  toggle.addEventListener("change", function () {
    if (toggle.checked) drawer.classList.add("site-drawer-shown");
  });
})();

/*
 * 6. Back to top (overrides/partials/top.html draws Material's button):
 * as Material's component does, the button shows while the reader scrolls
 * back up through the page, below the header, and hides at the top, on
 * the way down and for a moment after a jump to an anchor; hidden, it is
 * out of the focus order. A click goes to the top of the page. Material's
 * component did the same with a quarter of the bundle's start-up work.
 */
(function () {
  "use strict";

  var button = document.querySelector("[data-site-top]");
  var main = document.querySelector(".md-main");
  var header = document.querySelector(".md-header");
  if (!button || !main) return;

  var last = window.pageYOffset;
  var pausedUntil = 0;
  var scheduled = false;

  function hide(hidden) {
    if (button.hidden === hidden) return;
    button.hidden = hidden;
    if (hidden) {
      button.setAttribute("tabindex", "-1");
      button.blur();
    } else {
      button.removeAttribute("tabindex");
    }
  }

  function update() {
    scheduled = false;
    var y = window.pageYOffset;
    var up = y < last && y > 0;
    last = y;
    var below = y >= main.offsetTop - (header ? header.offsetHeight : 0);
    hide(!(below && up) || Date.now() < pausedUntil);
  }

  window.addEventListener(
    "scroll",
    function () {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(update);
    },
    { passive: true }
  );
  window.addEventListener("hashchange", function () {
    pausedUntil = Date.now() + 250;
    hide(true);
  });
  button.addEventListener("click", function (event) {
    event.preventDefault();
    window.scrollTo({ top: 0 });
  });
})();

/*
 * 7. Below 960 px Material's bundle waits until the reader opens the search
 * (site_build/scripts.py). Until its components start, this part does what
 * they would do there from the start:
 *
 * - the page root says that scripts run (`js` for `no-js`), as Material's
 *   stylesheet expects;
 * - the header's shadow once the page scrolls under it (the header keeps
 *   the owner's name: partials/header.html has no title to swap);
 * - the drawer and the search close after a jump to an anchor (a link of
 *   the table of contents in the drawer), as after any navigation;
 * - Material's keyboard shortcuts: f, s or / open the search (and so run
 *   the bundle), Escape closes it, p or , and n or . go to the previous or
 *   next page, Enter on a focused label presses it.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  /* Once Material's bundle has run (its global `component$` exists), its
     components do all of this (site_build/scripts.py, BUNDLE_GLOBALS). */
  function started() {
    return !!window.component$;
  }

  var header = document.querySelector("[data-md-component=header]");
  var main = document.querySelector("[data-md-component=main]");
  var drawer = document.getElementById("__drawer");
  var search = document.getElementById("__search");
  var query = document.querySelector("[data-md-component=search-query]");
  var scheduled = false;

  function update() {
    scheduled = false;
    if (started()) return;
    var y = window.pageYOffset;
    if (header && main) {
      header.classList.toggle("md-header--shadow", y >= main.offsetTop - header.offsetHeight);
    }
  }

  window.addEventListener(
    "scroll",
    function () {
      if (scheduled || started()) return;
      scheduled = true;
      requestAnimationFrame(update);
    },
    { passive: true }
  );
  update();

  window.addEventListener("hashchange", function () {
    if (started()) return;
    setTimeout(function () {
      if (drawer) drawer.checked = false;
      if (search) search.checked = false;
    }, 125);
  });

  function openSearch() {
    if (!search || !query) return;
    search.checked = true;
    search.dispatchEvent(new Event("change", { bubbles: true }));
    query.select();
  }

  function go(rel) {
    var link = document.querySelector("link[rel=" + rel + "]");
    if (link) location.href = link.href;
  }

  document.addEventListener("change", function (event) {
    if (!started() && event.target === search && search.checked && query) query.focus();
  });

  document.addEventListener("keydown", function (event) {
    if (started() || event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
    if (search && search.checked) {
      if (event.key !== "Escape") return;
      search.checked = false;
      if (query) query.blur();
      return;
    }
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
    switch (event.key) {
      case "f":
      case "s":
      case "/":
        event.preventDefault();
        openSearch();
        break;
      case "p":
      case ",":
        go("prev");
        break;
      case "n":
      case ".":
        go("next");
        break;
      case "Enter":
        if (target instanceof HTMLLabelElement) target.click();
        break;
    }
  });
})();
