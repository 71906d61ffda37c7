/* Praktikbanken finder: facet filters (AND across groups, OR within one), free text, sorting,
   counts, the active filters as removable chips, help when nothing matches, state in the URL
   query (kept across a language switch), and printing the selection (print=1 in the query).
   Runs on every page load, including Material's instant navigation (document$). */
(function () {
  "use strict";

  // Cards carry sort keys made on the server (praktikbanken.collation), compared as plain strings.
  function cmp(x, y) { return x < y ? -1 : x > y ? 1 : 0; }
  // Free text matches without case or accents, as the cards' data-text is written.
  function plain(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  function init() {
    var root = document.querySelector(".pb-finder");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var form = root.querySelector(".pb-finder-form");
    var list = root.querySelector(".pb-finder-cards");
    var cards = Array.prototype.slice.call(list.children);
    cards.forEach(function (card, i) { card.dataset.index = i; });
    var status = root.querySelector(".pb-result-count");
    var text = form.querySelector("#pb-q");
    var sort = root.querySelector("#pb-sort");
    var tools = root.querySelector(".pb-results-tools");
    var chips = root.querySelector(".pb-chips");
    var none = root.querySelector(".pb-none");
    var details = form.querySelector(".pb-filters");
    var filterCount = form.querySelector(".pb-filter-count");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var groups = {};
    boxes.forEach(function (box) { (groups[box.name] = groups[box.name] || []).push(box); });
    // Each card's facet values, read once.
    var facets = cards.map(function (card) {
      var f = {};
      Object.keys(groups).forEach(function (g) { f[g] = (card.dataset[g] || "").split(" "); });
      return f;
    });
    form.hidden = false;
    tools.hidden = false;
    root.querySelector(".pb-finder-nojs").hidden = true;
    // On a phone the filters start folded, so the first results show on the first screen.
    if (window.matchMedia("(max-width: 59.984375em)").matches) details.open = false;
    function optionLabel(box) { return box.nextElementSibling.firstChild.textContent.trim(); }

    function selected() {
      var s = {};
      Object.keys(groups).forEach(function (g) {
        s[g] = groups[g].filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      });
      return s;
    }
    // The groups whose selection card i fails (null when the free text already rules it out).
    function failing(i, sel, words) {
      var hay = cards[i].dataset.text;
      for (var w = 0; w < words.length; w++) if (hay.indexOf(words[w]) === -1) return null;
      var failed = [];
      for (var g in sel) {
        if (!sel[g].length) continue;
        var ok = false;
        for (var k = 0; k < sel[g].length; k++) if (facets[i][g].indexOf(sel[g][k]) !== -1) { ok = true; break; }
        if (!ok) failed.push(g);
      }
      return failed;
    }
    var order = null;      // the sort applied last; the first apply() sorts as the reader asked
    var ordered = cards;   // the cards in the order shown
    var matched = [];      // per card: does it match the current filters?
    var more = root.querySelector(".pb-more");
    var page = Number(more.dataset.page);
    var limit = page;      // cards shown: the first `limit` matches; "show more" adds a page
    var shownCounts = {};
    function apply() {
      var sel = selected();
      var words = plain(text.value).split(/\s+/).filter(Boolean);
      var total = 0;
      // One pass: a card counts for every option of every group when it passes all groups, and
      // for the options of the one group it fails when it fails only that one (AND across groups).
      var counts = {};
      Object.keys(groups).forEach(function (g) { counts[g] = {}; });
      cards.forEach(function (card, i) {
        var failed = failing(i, sel, words);
        matched[i] = failed !== null && failed.length === 0;
        if (matched[i]) total++;
        if (failed === null || failed.length > 1) return;
        (failed.length ? failed : Object.keys(groups)).forEach(function (g) {
          facets[i][g].forEach(function (v) { counts[g][v] = (counts[g][v] || 0) + 1; });
        });
      });
      // Beside every option: how many cases the view would show with that option added. An
      // option that would show none is disabled (unless chosen), so nobody ticks into a dead end.
      Object.keys(groups).forEach(function (g) {
        groups[g].forEach(function (box) {
          var n = counts[g][box.value] || 0;
          var label = "(" + n + ")";
          if (shownCounts[box.id] !== label) { box.nextElementSibling.querySelector(".pb-opt-count").textContent = label; shownCounts[box.id] = label; }
          box.disabled = n === 0 && !box.checked;
        });
      });
      showChips(sel);
      showHelp(sel, words, total);
      status.textContent = total === 1 ? status.dataset.one : status.dataset.many.replace("{n}", total);
      var key = ["place", "newest"].indexOf(sort.value) !== -1 ? sort.value : "title";
      if (key !== order) {  // sort again only when the sort changes, not on every filter
        order = key;
        var sign = key === "newest" ? -1 : 1;  // newest first
        ordered = cards.slice().sort(function (a, b) {
          return sign * cmp(a.dataset[key], b.dataset[key]) || cmp(a.dataset.title, b.dataset.title);
        });
      }
      // Only the cards shown stay in the list. Hiding the others instead makes Chromium walk past
      // every hidden sibling for each card it shows: slow with thousands of cases.
      var shown = [];
      for (var j = 0; j < ordered.length && shown.length < limit; j++) if (matched[ordered[j].dataset.index]) shown.push(ordered[j]);
      var same = shown.length === list.children.length && shown.every(function (card, k) { return list.children[k] === card; });
      if (!same) list.replaceChildren.apply(list, shown);
      more.hidden = total <= limit;
      more.textContent = more.dataset.label.replace("{n}", Math.min(page, total - limit));
      return sel;
    }
    // The active filters as buttons that remove them; the count on the "Filters" summary.
    function showChips(sel) {
      var items = [];
      Object.keys(sel).forEach(function (g) {
        sel[g].forEach(function (v) {
          var box = form.querySelector("#f-" + g + "-" + CSS.escape(v));
          items.push({ label: optionLabel(box), remove: function () { box.checked = false; } });
        });
      });
      if (text.value.trim()) items.push({ label: chips.dataset.textLabel + ": " + text.value.trim(), remove: function () { text.value = ""; } });
      chips.replaceChildren.apply(chips, items.map(function (item) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "pb-chip";
        button.textContent = item.label + " ×";
        button.setAttribute("aria-label", chips.dataset.remove.replace("{filter}", item.label));
        button.addEventListener("click", function () { item.remove(); update(true); text.focus(); });
        li.appendChild(button);
        return li;
      }));
      chips.hidden = items.length === 0;
      var n = boxes.filter(function (b) { return b.checked; }).length;
      filterCount.textContent = n ? "(" + n + ")" : "";
    }
    // When nothing matches: which single filter to drop, and how many that would give.
    function showHelp(sel, words, total) {
      none.hidden = total !== 0;
      if (total !== 0) return;
      var offers = [];
      Object.keys(sel).forEach(function (g) {
        sel[g].forEach(function (v) {
          var fewer = {};
          Object.keys(sel).forEach(function (h) { fewer[h] = sel[h].filter(function (x) { return h !== g || x !== v; }); });
          var n = 0;
          for (var i = 0; i < cards.length; i++) { var f = failing(i, fewer, words); if (f !== null && f.length === 0) n++; }
          if (n) offers.push({ n: n, label: optionLabel(form.querySelector("#f-" + g + "-" + CSS.escape(v))) });
        });
      });
      if (words.length) {
        var n = 0;
        for (var i = 0; i < cards.length; i++) { var f = failing(i, sel, []); if (f !== null && f.length === 0) n++; }
        if (n) offers.push({ n: n, label: chips.dataset.textLabel + ": " + text.value.trim() });
      }
      offers.sort(function (a, b) { return b.n - a.n; });
      var p = document.createElement("p");
      p.textContent = none.dataset.intro;
      var ul = document.createElement("ul");
      offers.forEach(function (o) {
        var li = document.createElement("li");
        li.textContent = none.dataset.drop.replace("{filter}", o.label).replace("{n}", o.n === 1 ? status.dataset.one : status.dataset.many.replace("{n}", o.n));
        ul.appendChild(li);
      });
      none.replaceChildren(p, ul);
    }
    // The language switcher keeps the selection: both languages use the same filter values.
    function carryToOtherLanguages(query) {
      document.querySelectorAll(".md-select__link[hreflang]").forEach(function (a) {
        a.href = a.href.split("?")[0] + (query ? "?" + query : "");
      });
    }
    function chosen() {
      return ordered.filter(function (card) { return matched[card.dataset.index]; });
    }
    function toQuery(sel) {
      var params = new URLSearchParams();
      Object.keys(sel).forEach(function (g) { sel[g].forEach(function (v) { params.append(g, v); }); });
      if (text.value) params.set("q", text.value);
      if (sort.value !== "title") params.set("sort", sort.value);
      return params;
    }
    function fromQuery() {
      var params = new URLSearchParams(location.search);
      boxes.forEach(function (b) { b.checked = params.getAll(b.name).indexOf(b.value) !== -1; });
      text.value = params.get("q") || "";
      sort.value = ["place", "newest"].indexOf(params.get("sort")) !== -1 ? params.get("sort") : "title";
      return params;
    }
    function update(push) {
      limit = page;  // a new selection starts at its first page
      var query = toQuery(apply()).toString();
      var url = location.pathname + (query ? "?" + query : "");
      // For "back to your results" on case pages (case.js).
      try { sessionStorage.setItem("pb-finder:" + location.pathname, query); } catch (e) { /* storage off */ }
      carryToOtherLanguages(query);
      if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
    }

    form.addEventListener("change", function () { update(true); });
    text.addEventListener("input", function () { update(false); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    sort.addEventListener("change", function () { update(true); });
    root.querySelector(".pb-clear").addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
      text.value = ""; sort.value = "title"; update(true);
    });
    var printButton = root.querySelector(".pb-print");
    printButton.addEventListener("click", function () {
      var n = chosen().length;  // a long selection prints many pages: ask first
      if (n > 20 && !window.confirm(printButton.dataset.confirm.replace("{n}", n))) return;
      printSelection(true);
    });
    more.addEventListener("click", function () {
      var first = limit;
      limit += page;
      apply();
      // Keyboard and screen reader users continue at the first card just added.
      var next = chosen()[first];
      if (next) next.querySelector("a").focus();
    });
    window.addEventListener("popstate", function () { if (document.body.contains(root)) { fromQuery(); limit = page; apply(); } });

    // Print the current selection: a cover (cases, filters, date), then each case on its own page.
    function printSelection(andPrint) {
      var out = root.querySelector(".pb-print-selection");
      var sel = selected();
      var used = [];
      Object.keys(sel).forEach(function (g) {
        sel[g].forEach(function (v) {
          var box = form.querySelector("#f-" + g + "-" + CSS.escape(v));
          used.push(box.closest("fieldset").querySelector("legend").textContent + ": " +
                    box.nextElementSibling.firstChild.textContent.trim());
        });
      });
      if (text.value) used.push(chips.dataset.textLabel + ": " + text.value);
      var selection = chosen();
      out.innerHTML = "";
      var cover = document.createElement("section");
      cover.className = "pb-print-cover";
      var h = document.createElement("h1"); h.textContent = out.dataset.title; cover.appendChild(h);
      var p = document.createElement("p");
      p.textContent = out.dataset.filtersLabel + ": " + (used.length ? used.join("; ") : out.dataset.none) +
        ". " + out.dataset.dateLabel + ": " + new Date().toLocaleDateString(document.documentElement.lang === "en" ? "en-GB" : document.documentElement.lang, { dateStyle: "long" });
      cover.appendChild(p);
      var ol = document.createElement("ol");
      selection.forEach(function (c) { var li = document.createElement("li"); li.textContent = c.querySelector("h2").textContent; ol.appendChild(li); });
      cover.appendChild(ol);
      out.appendChild(cover);
      // The footer names the selection's own address (it reproduces the selection); each case
      // starts with its address, where the page prints its own.
      var query = toQuery(sel);
      var address = location.origin + location.pathname + (query.toString() ? "?" + query.toString() : "");
      document.documentElement.style.setProperty("--pb-print-footer", JSON.stringify("Praktikbanken – " + address));
      return Promise.all(selection.map(function (card) {
        var href = card.querySelector("h2 a").href;
        return fetch(href).then(function (r) { return r.text(); }).then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var article = doc.querySelector("article.md-content__inner");
          var section = document.createElement("section");
          section.className = "pb-print-case";
          // Our own pages, from the same site; links in them are made absolute for print.
          article.querySelectorAll("a[href]").forEach(function (a) { a.setAttribute("href", new URL(a.getAttribute("href"), href).href); });
          article.querySelectorAll(".headerlink, .md-content__button").forEach(function (e) { e.remove(); });
          section.innerHTML = article.innerHTML;
          var own = document.createElement("p");
          own.className = "pb-print-address";
          own.textContent = out.dataset.addressLabel + " " + href;
          var title = section.querySelector("h1");
          if (title) title.after(own); else section.prepend(own);
          return section;
        });
      })).then(function (sections) {
        sections.forEach(function (s) { out.appendChild(s); });
        document.body.classList.add("pb-printing");
        out.hidden = false;
        out.dataset.ready = "1";
        if (andPrint) {
          window.addEventListener("afterprint", function done() {
            document.body.classList.remove("pb-printing"); out.hidden = true;
            document.documentElement.style.removeProperty("--pb-print-footer");
            window.removeEventListener("afterprint", done);
          });
          window.print();
        }
      });
    }

    var params = fromQuery();
    apply();
    var initial = toQuery(selected()).toString();
    try { sessionStorage.setItem("pb-finder:" + location.pathname, initial); } catch (e) { /* off */ }
    carryToOtherLanguages(initial);
    if (params.get("print") === "1") printSelection(!navigator.webdriver);
  }

  window.praktikbanken.onPage(init);
})();
