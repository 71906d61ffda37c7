/* Praktikbanken case pages: "back to your results" restores the finder's last selection (kept in
   sessionStorage by finder.js under the finder's path), "print" and "copy link" buttons.
   Without JavaScript the buttons stay hidden and the link goes to the finder. */
(function () {
  "use strict";

  function init() {
    var actions = document.querySelector(".pb-case-actions");
    if (!actions || actions.dataset.ready) return;
    actions.dataset.ready = "1";
    var back = actions.querySelector(".pb-back-results");
    var query = null;
    try { query = sessionStorage.getItem("pb-finder:" + new URL(back.href).pathname); } catch (e) { /* storage off */ }
    if (query !== null) {
      back.href = back.href.split("?")[0] + (query ? "?" + query : "");
      back.hidden = false;
    }
    var print = actions.querySelector(".pb-print-page");
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
    var copy = actions.querySelector(".pb-copy-link");
    var status = actions.querySelector(".pb-copy-status");
    if (navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        var url = location.href.split("#")[0];
        navigator.clipboard.writeText(url).then(function () { status.textContent = copy.dataset.done; });
      });
    }
  }

  window.praktikbanken.onPage(init);
})();
