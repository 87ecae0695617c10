/* Accessibility fixes for markup and behaviour that Material's own script
   produces at run time (issue #3; the template side is in
   site_build/markup.py, the styles in assets/stylesheets/site.css). */
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
