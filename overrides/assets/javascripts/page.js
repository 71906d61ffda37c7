/* Praktikbanken: run a page script on every page view. Material's instant navigation swaps pages
   without reloading them and announces each view on document$; without it, on the page's load. */
window.praktikbanken = window.praktikbanken || {};
window.praktikbanken.onPage = function (setUp) {
  "use strict";
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
};
