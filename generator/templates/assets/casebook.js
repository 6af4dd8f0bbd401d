/* Casebook: the case list's filter form (keyword, unit, criterion, tag, year).
 * A filtered list is asked of the search index (search.js, window.casebookSearch): the static
 * list may be one page of many, so hiding cards on the page cannot show every match. Results
 * are drawn as the same cards, 20 at a time. The keyword is asked as one types (after a short
 * pause, and not while an input method is still composing the characters). The state lives in
 * the URL query (?q=&unit=&criterion=&tag=&year=) so a filtered view can be shared and comes
 * back on reload; each choice is a step of the browser's history (typing is one step, however
 * many keys), so Back undoes it. With nothing chosen the static list and its pager come back.
 * Plain ES5 for old intranet browsers; without JavaScript, or where the index cannot be read
 * (no import()), the form stays hidden and every case is listed. */
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

  function chip(href, kind, mark, spoken, name) {
    var a = link(href, undefined, "cb-chip " + kind);
    var m = el("span", "cb-chip__mark", mark);
    m.setAttribute("aria-hidden", "true");
    if (kind === "cb-chip--criterion") {
      a.appendChild(m);
      a.appendChild(el("span", "cb-sr", spoken));
    } else {
      a.appendChild(el("span", "cb-sr", spoken));
      a.appendChild(m);
    }
    a.appendChild(document.createTextNode(name));
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
    var why = scope.querySelector(".cb-nomatch__why");
    var reset = form.querySelector(".cb-filters__reset");
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

    var round = 0, hits = [], drawn = 0, words = "", timer = null, typing = false;

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
      // The chips as the _macros.html card draws them: a tag named like a checklist item is left out.
      var chips = el("p", "cb-card__chips");
      var i, shown = {};
      for (i = 0; i < (f.criterion || []).length; i++) {
        var k = f.criterion[i];
        shown[names.criterion[k] || k] = true;
        chips.appendChild(chip(root + "criteria/" + k + "/", "cb-chip--criterion", "清单", "创建清单：", names.criterion[k] || k));
      }
      for (i = 0; i < (f.tag || []).length; i++) {
        var t = f.tag[i];
        if (shown[names.tag[t] || t] === true) continue;
        chips.appendChild(chip(root + "tags/" + t + "/", "cb-chip--tag", "#", "标签：", names.tag[t] || t));
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

    /* The state into the URL: a new history entry for a choice, or for the first key of a
     * keyword; the same entry for the keys that follow. */
    function writeUrl(state, typed) {
      if (!window.history || !window.history.replaceState) return;
      var query = [];
      for (var k = 0; k < KEYS.length; k++) {
        if (state[KEYS[k]]) query.push(KEYS[k] + "=" + encodeURIComponent(state[KEYS[k]]));
      }
      var url = window.location.pathname + (query.length ? "?" + query.join("&") : "");
      if (url === window.location.pathname + window.location.search) return;
      if (typed && typing) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
      typing = typed;
    }

    /* What the form says, shown on it: which fields are in use, whether there is anything to
     * clear, and in words under "没有符合条件的案例". */
    function mark(state) {
      var any = false, parts = [];
      for (var i = 0; i < KEYS.length; i++) {
        var field = form.elements[KEYS[i]];
        var label = field.parentNode;
        while (label && label.tagName !== "LABEL") label = label.parentNode;
        var on = !!state[KEYS[i]];
        any = any || on;
        if (label) label.className = label.className.replace(/ cb-filters__field--on/g, "") + (on ? " cb-filters__field--on" : "");
        if (!on) continue;
        var name = label ? trim(label.querySelector(".cb-filters__label").textContent) : KEYS[i];
        parts.push(field.options ? name + "：" + field.options[field.selectedIndex].text : name + "“" + state[KEYS[i]] + "”");
      }
      if (reset) reset.disabled = !any;
      if (why) why.textContent = parts.length ? "当前条件：" + parts.join("，") + "。换一个关键词或少选一项再试。" : "";
    }

    function apply(state, write, typed) {
      var mine = ++round;
      if (write) writeUrl(state, typed);
      mark(state);
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

    /* The form as the URL says (a value that is not one of a list's options leaves it at 全部). */
    function readUrl() {
      var wanted = parseQuery(window.location.search);
      for (var i = 0; i < KEYS.length; i++) {
        var field = form.elements[KEYS[i]];
        var value = wanted[KEYS[i]] || "";
        if (field.options) {
          field.value = "";
          for (var j = 0; j < field.options.length; j++) {
            if (field.options[j].value === value) field.value = value;
          }
        } else field.value = value;
      }
    }

    function typed() {
      clearTimeout(timer);
      timer = setTimeout(function () { apply(current(), true, true); }, 250);
    }

    readUrl();
    form.hidden = false;
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "q") return; // typed: handled on input
      clearTimeout(timer);
      apply(current(), true, false);
    });
    // Pinyin being composed ("tiao'jie") is not a keyword yet: wait for the characters.
    form.elements.q.addEventListener("input", function (event) {
      if (!event.isComposing) typed();
    });
    form.elements.q.addEventListener("compositionend", typed);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      apply(current(), true, false);
    });
    form.addEventListener("reset", function () {
      clearTimeout(timer);
      setTimeout(function () { apply(current(), true, false); }, 0);
    });
    var clear = scope.querySelector(".cb-nomatch__clear");
    if (clear) clear.addEventListener("click", function () { form.reset(); });
    window.addEventListener("popstate", function () {
      clearTimeout(timer);
      typing = false;
      readUrl();
      apply(current(), false);
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

  /* The numbers under each chart of /stats/ sit in closed <details>: open them for printing (a
   * printed page cannot be clicked), close again afterwards those the reader had not opened. */
  function initDataTables() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      var tables = document.querySelectorAll("details.cb-figure__data:not([open])");
      for (var i = 0; i < tables.length; i++) {
        tables[i].open = true;
        opened.push(tables[i]);
      }
    });
    window.addEventListener("afterprint", function () {
      while (opened.length) opened.pop().open = false;
    });
  }

  function start() {
    init();
    initPrint();
    initDataTables();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* Case page: a table wider than the screen (a clerk's table of figures on a phone) scrolls inside
 * the theme's wrapper; say so above it, only while it does. */
(function () {
  "use strict";
  var HINT = "表格较宽，可左右滑动查看 →";

  function mark() {
    var tables = document.querySelectorAll(".cb-case table");
    for (var i = 0; i < tables.length; i++) {
      var box = tables[i].parentNode;
      while (box && box.className.indexOf("md-typeset__scrollwrap") === -1 && box.className.indexOf("cb-case") === -1) {
        box = box.parentNode;
      }
      if (!box || box.className.indexOf("md-typeset__scrollwrap") === -1) continue;
      var hint = box.previousSibling;
      if (!hint || hint.className !== "cb-scroll-hint") {
        hint = document.createElement("p");
        hint.className = "cb-scroll-hint";
        hint.textContent = HINT;
        box.parentNode.insertBefore(hint, box);
      }
      hint.hidden = box.scrollWidth <= box.clientWidth + 1;
    }
  }

  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(mark, 150);
  }

  if (!document.querySelector(".cb-case")) return;
  window.addEventListener("load", mark);
  window.addEventListener("resize", later);
})();
