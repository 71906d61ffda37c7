// Praktikbanken search: the header's search form and the search page, which shows Pagefind's
// UI over this language's index (<language root>/pagefind/, built by praktikbanken/search.py).
(function () {
  "use strict";

  // Material's instant navigation keeps the header while it swaps pages, so the form's
  // relative address is made absolute once, while it still resolves from the page it came with.
  const form = document.querySelector(".pb-header-search");
  if (form) form.setAttribute("action", form.action);

  let loading = null;
  function loadPagefindUi(bundle) {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        const css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = bundle + "pagefind-ui.css";
        document.head.append(css);
        const script = document.createElement("script");
        script.src = bundle + "pagefind-ui.js";
        script.onload = resolve;
        script.onerror = reject;
        document.head.append(script);
      });
    }
    return loading;
  }

  // Keep the query in the address, so a search can be shared, reloaded and gone back to.
  function rememberQuery(term) {
    const url = new URL(location.href);
    if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
    history.replaceState(history.state, "", url);
    return term;
  }

  function setUp() {
    const box = document.querySelector(".pb-search");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "true";
    const bundle = new URL(box.dataset.bundle, location.href).href;
    loadPagefindUi(bundle).then(function () {
      const ui = new PagefindUI({
        element: ".pb-search", bundlePath: bundle, showImages: false, showSubResults: true,
        autofocus: true, processTerm: rememberQuery,
      });
      // Pagefind's box has only a placeholder; a label says what it searches (WCAG 1.3.1, 4.1.2).
      const input = box.querySelector("input[type=text], input[type=search]");
      if (input && box.dataset.label) input.setAttribute("aria-label", box.dataset.label);
      const query = new URLSearchParams(location.search).get("q");
      if (query) ui.triggerSearch(query);
    });
  }

  window.praktikbanken.onPage(setUp);
})();
