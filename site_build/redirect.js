/*
 * An old address (mkdocs.yml, redirect_maps): go on to the page its
 * canonical link names, keeping the section the visitor's link asked for
 * (#...), and without leaving the old address in the history. The page's
 * meta refresh does the same without JavaScript, minus the section.
 * One file for every redirect page (site_build/redirects.py): the
 * Content-Security-Policy allows it as the site's own, with no hash.
 */
(function () {
  var link = document.querySelector('link[rel="canonical"]');
  if (!link) return;
  var target = new URL(link.href, location.href);
  if (location.hash) target.hash = location.hash;
  location.replace(target.href);
})();
