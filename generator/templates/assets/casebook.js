/* Casebook: the case list's filter form (keyword, unit, criterion, tag, year).
 * A filtered list is asked of the search index (search.js, window.casebookSearch): the static
 * list may be one page of many, so hiding cards on the page cannot show every match. Results
 * are drawn as the same cards, 20 at a time. The state lives in the URL query
 * (?q=&unit=&criterion=&tag=&year=) so a filtered view can be shared; with nothing chosen the
 * static list and its pager come back. Plain ES5 for old intranet browsers; without
 * JavaScript, or where the index cannot be read (no import()), the form stays hidden and
 * every case is listed. */
(function () {
  "use strict";
  var KEYS = ["q", "unit", "criterion", "tag", "year"];
  var FILTERS = ["unit", "criterion", "tag", "year"];
  var STEP = 20;
  var STATUS = { draft: "草稿", submitted: "待审核", approved: "已审核" };

  // A shared link can be malformed ("?unit=%", "?unit=%E4"): what does not decode is ignored,
  // so the form and the cards are still shown.
  function decode(text) {
    try {
      return decodeURIComponent(text.replace(/\+/g, " "));
    } catch (e) {
      return null;
    }
  }

  function parseQuery(search) {
    var out = {};
    var parts = (search || "").replace(/^\?/, "").split("&");
    for (var i = 0; i < parts.length; i++) {
      if (!parts[i]) continue;
      var kv = parts[i].split("=");
      var key = decode(kv[0]);
      var value = decode(kv[1] || "");
      if (key !== null && value !== null) out[key] = value;
    }
    return out;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text, className) {
    var a = el("a", className, text);
    a.href = href;
    return a;
  }

  function trim(text) {
    return text.replace(/^\s+|\s+$/g, "");
  }

  function init() {
    var form = document.querySelector(".cb-filters");
    var search = window.casebookSearch;
    if (!form || !search || !search.supported) return;
    var scope = form.parentNode;
    var cards = scope.querySelector(".cb-cards");
    var pager = scope.querySelector(".cb-pager");
    var wrapper = scope.querySelector(".cb-list");
    var shown = scope.querySelector(".cb-count__shown");
    var nomatch = scope.querySelector(".cb-nomatch");
    var total = shown ? shown.textContent : "";
    var root = search.root;
    var names = { criterion: {}, tag: {} };
    for (var n in names) {
      var opts = form.elements[n].options;
      for (var o = 0; o < opts.length; o++) names[n][opts[o].value] = opts[o].text;
    }

    var results = el("div", "cb-cards cb-found");
    results.hidden = true;
    var more = el("button", "md-button cb-more", "加载更多");
    more.type = "button";
    more.hidden = true;
    var failed = el("p", "cb-empty cb-search-failed", "搜索索引无法加载，下面是全部案例。");
    failed.hidden = true;
    var after = wrapper || pager || cards;
    var anchor = after ? after.nextSibling : (nomatch || null);
    scope.insertBefore(results, anchor);
    scope.insertBefore(more, anchor);
    form.parentNode.insertBefore(failed, form.nextSibling);

    var round = 0, hits = [], drawn = 0, words = "", timer = null;

    function current() {
      var state = {};
      for (var i = 0; i < KEYS.length; i++) state[KEYS[i]] = trim(form.elements[KEYS[i]].value);
      return state;
    }

    function showStatic(visible) {
      var parts = wrapper ? [wrapper] : [cards, pager];
      for (var i = 0; i < parts.length; i++) if (parts[i]) parts[i].hidden = !visible;
      results.hidden = visible;
      if (visible) more.hidden = true;
    }

    function card(d) {
      var f = d.filters || {};
      var article = el("article", "cb-card");
      article.setAttribute("data-unit", (f.unit || []).join(" "));
      article.setAttribute("data-criteria", (f.criterion || []).join(" "));
      article.setAttribute("data-tags", (f.tag || []).join(" "));
      article.setAttribute("data-year", (f.year || []).join(" "));
      var h = el("h3", "cb-card__title");
      var a = link(root + d.rel);
      if (words) a.appendChild(search.highlight(d.meta.title, words));
      else a.textContent = d.meta.title;
      h.appendChild(a);
      if (d.meta.status && STATUS[d.meta.status]) {
        h.appendChild(document.createTextNode(" "));
        h.appendChild(el("span", "cb-badge cb-badge--draft", STATUS[d.meta.status]));
      }
      article.appendChild(h);
      var meta = el("p", "cb-card__meta");
      meta.appendChild((f.unit || []).length ? link(root + "units/" + f.unit[0] + "/", d.meta.unit) : el("span", "", d.meta.unit));
      meta.appendChild(document.createTextNode(" · "));
      var time = el("time", "", search.cnDate(d.meta.date));
      time.setAttribute("datetime", d.meta.date || "");
      meta.appendChild(time);
      article.appendChild(meta);
      var cut = words ? search.snippet(d, words, true) : null;
      var summary = el("p", cut ? "cb-card__summary cb-card__snippet" : "cb-card__summary");
      if (cut) summary.appendChild(cut);
      else summary.textContent = d.meta.summary || "";
      article.appendChild(summary);
      var chips = el("p", "cb-card__chips");
      var i;
      for (i = 0; i < (f.criterion || []).length; i++) {
        var k = f.criterion[i];
        chips.appendChild(link(root + "criteria/" + k + "/", names.criterion[k] || k, "cb-chip cb-chip--criterion"));
      }
      for (i = 0; i < (f.tag || []).length; i++) {
        var t = f.tag[i];
        chips.appendChild(link(root + "tags/" + t + "/", "#" + (names.tag[t] || t), "cb-chip"));
      }
      article.appendChild(chips);
      return article;
    }

    function drawMore(mine) {
      var next = hits.slice(drawn, drawn + STEP);
      more.disabled = true;
      return search.load(next).then(function (datas) {
        if (mine !== round) return;
        for (var i = 0; i < datas.length; i++) results.appendChild(card(datas[i]));
        drawn += datas.length;
        more.disabled = false;
        more.hidden = drawn >= hits.length;
      });
    }

    function writeUrl(state) {
      if (!window.history || !window.history.replaceState) return;
      var query = [];
      for (var k = 0; k < KEYS.length; k++) {
        if (state[KEYS[k]]) query.push(KEYS[k] + "=" + encodeURIComponent(state[KEYS[k]]));
      }
      window.history.replaceState(null, "", window.location.pathname + (query.length ? "?" + query.join("&") : ""));
    }

    function apply(state, push) {
      var mine = ++round;
      if (push) writeUrl(state);
      var filters = { kind: "case" }, any = !!state.q;
      for (var i = 0; i < FILTERS.length; i++) {
        if (state[FILTERS[i]]) { filters[FILTERS[i]] = state[FILTERS[i]]; any = true; }
      }
      failed.hidden = true;
      if (!any) {
        showStatic(true);
        if (shown) shown.textContent = total;
        if (nomatch) nomatch.hidden = true;
        return;
      }
      scope.setAttribute("aria-busy", "true");
      search.find(state.q, filters).then(function (found) {
        if (mine !== round) return;
        hits = found;
        drawn = 0;
        words = state.q;
        results.innerHTML = "";
        showStatic(false);
        if (shown) shown.textContent = String(hits.length);
        if (nomatch) nomatch.hidden = hits.length !== 0;
        return drawMore(mine);
      }).then(function () {
        if (mine === round) scope.removeAttribute("aria-busy");
      }, function () {
        if (mine !== round) return;
        scope.removeAttribute("aria-busy");
        showStatic(true);
        if (shown) shown.textContent = total;
        if (nomatch) nomatch.hidden = true;
        failed.hidden = false;
      });
    }

    var initial = parseQuery(window.location.search);
    for (var i = 0; i < KEYS.length; i++) {
      var field = form.elements[KEYS[i]];
      var value = initial[KEYS[i]] || "";
      if (field.options) {
        for (var j = 0; j < field.options.length; j++) {
          if (field.options[j].value === value) field.value = value;
        }
      } else field.value = value;
    }
    form.hidden = false;
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "q") return; // typed: handled on input
      apply(current(), true);
    });
    form.elements.q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { apply(current(), true); }, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      apply(current(), true);
    });
    form.addEventListener("reset", function () {
      clearTimeout(timer);
      setTimeout(function () { apply(current(), true); }, 0);
    });
    more.addEventListener("click", function () { drawMore(round); });
    apply(current(), false);
  }

  function initPrint() {
    var buttons = document.querySelectorAll(".cb-print-button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  }

  function start() {
    init();
    initPrint();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
