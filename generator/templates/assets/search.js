/* Casebook: the search box in the header, and the search functions the case list uses.
 *
 * The index is Pagefind's (generator/search/pagefind.py), read through its JS API, never its
 * default UI. A query becomes index words exactly as text.py's query_words does it, and
 * Pagefind is started as the index's language so that it keeps them whole (startAsIndexed):
 * a run of Han characters, asked as the exact phrase of its bigrams, then finds exactly the
 * texts that contain it. Other queries are checked against the record's own text (meta.text;
 * see lookupIn()). Snippets are cut from meta.text too: the indexed content is bigrams, so
 * Pagefind's excerpt is unreadable.
 *
 * The box is put into .md-header__inner when the page loads rather than through a theme
 * override: the site owner's mkdocs.yml stays free of custom_dir, the box does not depend
 * on the names of mkdocs-material's partials, and without JavaScript there is no search to
 * offer anyway. Plain ES5 apart from import(), which is built with new Function so a browser
 * without it still parses this file (and the box is then not shown).
 *
 * For other scripts and tests: window.casebookSearch = {words, find, query, load, snippet}.
 */
(function () {
  "use strict";
  // Han ranges of text.py (U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+20000-3FFFF), written with
  // surrogate pairs so that browsers without the regex "u" flag read them too.
  var HAN = "(?:[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]|[\\ud840-\\ud8bf][\\udc00-\\udfff])";
  var HAN_RUN = new RegExp(HAN + "+", "g");
  var HAN_CHAR = new RegExp(HAN, "g");
  var GRAM = 2;
  // A non-Han word is searched only if it holds one of these (text.py's _WORDY): a word of
  // punctuation alone is not in the index.
  var WORDY = /[0-9a-z\u00c0-\u1fff\u3040-\u30ff\uac00-\ud7af]/;
  var CASES_SHOWN = 8, SECTIONS_SHOWN = 3, PAGES_SHOWN = 3;

  var script = document.currentScript || (function () {
    var all = document.getElementsByTagName("script");
    for (var i = all.length - 1; i >= 0; i--) if (/assets\/casebook\/search\.js/.test(all[i].src)) return all[i];
    return null;
  })();
  // The site root is where this script's folder (assets/casebook/) lies, at any page depth and base.
  var root = script ? script.src.replace(/assets\/casebook\/search\.js(\?.*)?$/, "") : "";
  var rootPath = root.replace(/^[a-z]+:\/\/[^\/]*/i, "");
  var importer = null;
  try {
    importer = new Function("u", "return import(u)");
  } catch (e) {
    importer = null;
  }

  function normalise(text) {
    return (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
  }

  function chars(run) {
    return run.match(HAN_CHAR) || [];
  }

  /* The words of a query: the same rule as text.py's query_words (Han runs as overlapping
   * bigrams, a one-character run as itself; other words split at spaces, punctuation alone dropped). */
  function words(query) {
    var text = normalise(query), out = [], start = 0, m;
    function between(piece) {
      var parts = piece.split(/\s+/);
      for (var k = 0; k < parts.length; k++) if (WORDY.test(parts[k])) out.push(parts[k]);
    }
    HAN_RUN.lastIndex = 0;
    while ((m = HAN_RUN.exec(text)) !== null) {
      between(text.slice(start, m.index));
      var c = chars(m[0]);
      if (c.length < GRAM) out.push(m[0]);
      else for (var i = 0; i + GRAM <= c.length; i++) out.push(c.slice(i, i + GRAM).join(""));
      start = m.index + m[0].length;
    }
    between(text.slice(start));
    return out;
  }

  /* A query that is one run of two or more Han characters is asked as an exact phrase of its
   * bigrams: exactly the texts that contain it, from exact index words only. */
  function isPhrase(text) {
    var norm = normalise(text).replace(/^\s+|\s+$/g, "");
    HAN_RUN.lastIndex = 0;
    var m = HAN_RUN.exec(norm);
    return !!m && m.index === 0 && m[0].length === norm.length && chars(m[0]).length >= GRAM;
  }

  function codePoint(text) {
    var hi = text.charCodeAt(0);
    if (hi >= 0xd800 && hi < 0xdc00 && text.length > 1) return (hi - 0xd800) * 0x400 + text.charCodeAt(1) - 0xdc00 + 0x10000;
    return hi;
  }

  function getJSON(url) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("GET", url);
      // Asked again each time (a 304 when unchanged): `casebook serve` rewrites it after an edit.
      xhr.setRequestHeader("Cache-Control", "no-cache");
      xhr.onload = function () {
        if (xhr.status >= 200 && xhr.status < 300) {
          try { resolve(JSON.parse(xhr.responseText)); } catch (e) { reject(e); }
        } else reject(new Error(url + ": " + xhr.status));
      };
      xhr.onerror = function () { reject(new Error(url)); };
      xhr.send();
    });
  }

  var manifest = null, bundles = {};

  function manifestOf() {
    if (!manifest) {
      manifest = getJSON(root + "pagefind/casebook.json");
      manifest.then(null, function () { manifest = null; }); // tried again next time
    }
    return manifest;
  }

  /* Pagefind reads the page's language (<html lang>) once, when it starts, and splits a query
   * into words with the browser's Intl.Segmenter for languages written without spaces: 院坝
   * would be looked up as 院 + 坝 (checked with Pagefind 1.5.2). Our index is written as
   * language "en" with its own grams (text.py), so Pagefind must start as "en" too: the
   * attribute is "en" for the moment Pagefind reads it, and the page's own right after. */
  function startAsIndexed(pagefind) {
    var html = document.documentElement, lang = html.getAttribute("lang");
    html.setAttribute("lang", "en");
    try {
      return pagefind.init();
    } finally {
      if (lang === null) html.removeAttribute("lang");
      else html.setAttribute("lang", lang);
    }
  }

  /* A Pagefind bundle: "0", "1", ... (the shards) or "delta" (`casebook serve`'s changed pages). */
  function bundle(name) {
    if (!bundles[name]) {
      bundles[name] = importer(root + "pagefind/" + name + "/pagefind.js").then(function (pagefind) {
        return Promise.resolve(pagefind.options({ baseUrl: rootPath || "/" }))
          .then(function () { return startAsIndexed(pagefind); })
          .then(function () { return pagefind; });
      });
      bundles[name].then(null, function () { bundles[name] = null; }); // a failed load is tried again next time
    }
    return bundles[name];
  }

  /* Start Pagefind (its code, and each shard's list of index chunks) when the reader goes to
   * the box, so that typing waits only for the words' own chunks. Nothing is fetched for a
   * reader who never searches. */
  function warm() {
    merged().then(null, function () {});
  }

  var all = null;

  /* Shard 0's Pagefind with every other shard merged into it (mergeIndex): one copy of Pagefind's
   * code and one search over all shards, results ranked together. */
  function merged() {
    if (!all) {
      all = manifestOf().then(function (m) {
        return bundle("0").then(function (pf) {
          var merges = [];
          for (var j = 1; j < (m.shards || 1); j++) {
            merges.push(pf.mergeIndex(root + "pagefind/" + j + "/", { baseUrl: rootPath || "/" }));
          }
          return Promise.all(merges).then(function () { return pf; });
        });
      });
      all.then(null, function () { all = null; }); // tried again next time
    }
    return all;
  }

  function relative(url) {
    return url.indexOf(rootPath) === 0 ? url.slice(rootPath.length) : url.replace(/^\//, "");
  }

  /* A hit: {score, data()} where data() resolves to Pagefind's record data plus rel (e.g. "cases/x/"). */
  function hit(result) {
    var loaded = null;
    return {
      score: result.score || 0,
      data: function () {
        if (!loaded) loaded = result.data().then(function (d) {
          d.rel = relative(d.url);
          // text.py's stored_meta put thin spaces around punctuation: the reader sees the text as written.
          for (var key in d.meta) if (typeof d.meta[key] === "string") d.meta[key] = d.meta[key].replace(/\u2009/g, "");
          return d;
        });
        return loaded;
      }
    };
  }

  /* Every record matching all words of text and the filters (a Pagefind filter object), best
   * first; without words, newest first. Resolves to a list of hits; only the hits a reader is
   * shown are loaded, except where candidates must be checked against the text (see below). */
  function find(text, filters) {
    var list = words(text || "");
    filters = filters || {};
    return manifestOf().then(function (m) {
      var lookup;
      if (!list.length) { // shard 0 lists every record (filter listed: yes)
        lookup = merged().then(function (pf) {
          return pf.search(null, { filters: withFilter(filters, "listed"), sort: { date: "desc" } });
        }).then(function (found) { return mapHits(found.results); });
      } else {
        lookup = lookupIn(merged(), text, list, filters);
      }
      if (!m.delta) return lookup;
      return lookup.then(function (hits) { return withDelta(hits, m.delta, list, text, filters); });
    });
  }

  function withFilter(filters, key) {
    var out = {};
    for (var k in filters) out[k] = filters[k];
    out[key] = "yes";
    return out;
  }

  /* The text query in a Pagefind (all shards merged, or the delta). One run of Han characters
   * is an exact phrase; anything else is all its words, each matched as a word or a word's
   * start, and the candidates are kept only if their text holds every part of the query. */
  function lookupIn(pagefind, text, list, filters) {
    var phrase = isPhrase(text);
    var term = phrase ? '"' + list.join(" ") + '"' : list.join(" ");
    return pagefind.then(function (pf) {
      return pf.search(term, { filters: withFilter(filters, "indexed") });
    }).then(function (found) {
      var hits = mapHits(found.results);
      var single = list.length === 1 && chars(list[0]).length <= 1; // one word, or one Han character
      return phrase || single ? hits : verified(hits, queryParts(text));
    });
  }

  /* `casebook serve` after an edit: the main index's entries of changed or removed pages are
   * dropped, and the changed pages are looked up in the delta bundle instead. */
  function withDelta(hits, delta, list, text, filters) {
    var stale = {};
    for (var i = 0; i < delta.replaced.length; i++) stale[delta.replaced[i]] = true;
    var fresh = !delta.bundle ? Promise.resolve([])
      : list.length ? lookupIn(bundle("delta"), text, list, filters)
      : bundle("delta").then(function (pf) {
        return pf.search(null, { filters: filters, sort: { date: "desc" } });
      }).then(function (found) { return mapHits(found.results); });
    return Promise.all([load(hits), fresh]).then(function (both) {
      var kept = [];
      for (var i = 0; i < hits.length; i++) if (!stale[both[0][i].rel]) kept.push(hits[i]);
      return both[1].concat(kept);
    });
  }

  function mapHits(results) {
    var out = [];
    for (var i = 0; i < results.length; i++) out.push(hit(results[i]));
    return out;
  }

  /* The hits whose text holds every part of the query, in their order. */
  function verified(hits, parts) {
    return load(hits).then(function (datas) {
      var out = [];
      for (var i = 0; i < hits.length; i++) {
        var text = normalise(String(datas[i].meta.text || "") + "\n" + String(datas[i].meta.title || ""));
        var ok = true;
        for (var p = 0; p < parts.length && ok; p++) ok = text.indexOf(parts[p]) >= 0;
        if (ok) out.push(hits[i]);
      }
      return out;
    });
  }

  /* Site-relative URLs of every record the query finds, best first (a hook for tests). */
  function query(text, filters) {
    return find(text, filters).then(function (hits) {
      return Promise.all(hits.map(function (h) { return h.data(); }));
    }).then(function (datas) {
      return datas.map(function (d) { return d.rel; });
    });
  }

  function load(hits) {
    return Promise.all(hits.map(function (h) { return h.data(); }));
  }

  /* The normalised form of text with, for every code unit of it, the index in text it came from. */
  function mapped(text) {
    var norm = "", from = [];
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      var c = text.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) ch += text.charAt(i + 1);
      var n = normalise(ch);
      for (var k = 0; k < n.length; k++) { norm += n.charAt(k); from.push(i); }
      i += ch.length - 1;
    }
    from.push(text.length);
    return { text: norm, from: from };
  }

  /* [start, end) ranges in line of every occurrence of the query's parts. */
  function occurrences(line, parts) {
    var m = mapped(line), ranges = [];
    for (var p = 0; p < parts.length; p++) {
      var at = 0, found;
      while (parts[p] && (found = m.text.indexOf(parts[p], at)) >= 0) {
        var end = found + parts[p].length;
        ranges.push([m.from[found], end < m.from.length - 1 ? m.from[end] : line.length]);
        at = found + 1;
      }
    }
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    for (var i = 0; i < ranges.length; i++) {
      var last = merged[merged.length - 1];
      if (last && ranges[i][0] <= last[1]) last[1] = Math.max(last[1], ranges[i][1]);
      else merged.push([ranges[i][0], ranges[i][1]]);
    }
    return merged;
  }

  function queryParts(text) {
    return normalise(text).split(/\s+/).filter(function (p) { return p; });
  }

  /* The line of a record's text that best matches the query, cut to about 90 characters, as a
   * DOM fragment with every occurrence in <mark> (text nodes only: index text is never HTML). */
  function snippet(data, text, skipFirst) {
    var lines = String((data.meta && data.meta.text) || "").split("\n");
    var parts = queryParts(text);
    var filters = data.filters || {};
    // A case's last lines are its unit, checklist and tag names: findable, not a snippet.
    var end = lines.length;
    if (data.meta && data.meta.kind === "case") end -= 1 + (filters.criterion || []).length + (filters.tag || []).length;
    var best = null, bestCount = 0;
    for (var i = skipFirst ? 1 : 0; i < end; i++) {
      var ranges = occurrences(lines[i], parts);
      var count = 0;
      for (var p = 0; p < parts.length; p++) if (normalise(lines[i]).indexOf(parts[p]) >= 0) count++;
      if (count > bestCount) { best = { line: lines[i], ranges: ranges }; bestCount = count; }
      if (count === parts.length) break;
    }
    if (!best) return null;
    var from = 0, to = best.line.length, r = best.ranges;
    if (to > 90) {
      from = Math.max(0, (r.length ? r[0][0] : 0) - 30);
      to = Math.min(best.line.length, from + 90);
    }
    return marked(best.line, r, from, to);
  }

  /* text as a DOM fragment with every occurrence of the query's parts in <mark>. */
  function highlight(text, query) {
    text = String(text || "");
    return marked(text, occurrences(text, queryParts(query)), 0, text.length);
  }

  function marked(line, r, from, to) {
    var frag = document.createDocumentFragment();
    if (from > 0) frag.appendChild(document.createTextNode("…"));
    var at = from;
    for (var k = 0; k < r.length; k++) {
      var s = Math.max(r[k][0], from), e = Math.min(r[k][1], to);
      if (e <= s) continue;
      if (s > at) frag.appendChild(document.createTextNode(line.slice(at, s)));
      var mark = document.createElement("mark");
      mark.textContent = line.slice(s, e);
      frag.appendChild(mark);
      at = e;
    }
    if (at < to) frag.appendChild(document.createTextNode(line.slice(at, to)));
    if (to < line.length) frag.appendChild(document.createTextNode("…"));
    return frag;
  }

  function cnDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : "";
  }

  window.casebookSearch = {
    supported: !!(importer && window.Promise && script),
    root: root,
    words: words,
    find: find,
    query: query,
    load: load,
    snippet: snippet,
    highlight: highlight,
    cnDate: cnDate
  };

  // ---- The header box ----------------------------------------------------------------------

  var ICON = "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 " +
    "6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5";
  var CLOSE = "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z";
  var GROUPS = { section: "栏目", case: "案例", page: "站内页面" };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function icon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    svg.appendChild(p);
    return svg;
  }

  function titled(d, text) {
    var title = el("span", "cb-search__title");
    title.appendChild(highlight(d.meta.title, text));
    return title;
  }

  function initBox() {
    var header = document.querySelector(".md-header__inner");
    if (!header || !window.casebookSearch.supported) return;
    var box = el("div", "cb-search");
    box.setAttribute("role", "search");
    var toggle = el("button", "cb-search__toggle md-header__button md-icon");
    toggle.type = "button";
    toggle.setAttribute("aria-label", "搜索");
    toggle.appendChild(icon(ICON));
    var form = el("form", "cb-search__form");
    form.setAttribute("action", root + "cases/");
    var input = el("input", "cb-search__input");
    input.type = "search";
    input.placeholder = "搜索案例";
    input.autocomplete = "off";
    input.setAttribute("aria-label", "搜索案例");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", "cb-search-list");
    var lens = icon(ICON);
    lens.setAttribute("class", "cb-search__icon");
    var close = el("button", "cb-search__close");
    close.type = "button";
    close.setAttribute("aria-label", "关闭搜索");
    close.appendChild(icon(CLOSE));
    form.appendChild(lens);
    form.appendChild(input);
    form.appendChild(close);
    var panel = el("div", "cb-search__panel");
    panel.hidden = true;
    var status = el("p", "cb-search__status");
    status.setAttribute("aria-live", "polite");
    var list = el("ul", "cb-search__list");
    list.id = "cb-search-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "搜索结果");
    var all = el("a", "cb-search__all", "查看全部结果");
    all.hidden = true;
    panel.appendChild(status);
    panel.appendChild(list);
    panel.appendChild(all);
    box.appendChild(toggle);
    box.appendChild(form);
    box.appendChild(panel);
    var source = header.querySelector(".md-header__source");
    header.insertBefore(box, source || null);

    var timer = null, round = 0, active = -1, options = [];

    function setOpen(open) {
      panel.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function openBox() {
      box.className = "cb-search cb-search--open";
      input.focus();
    }

    function closeBox() {
      setOpen(false);
      box.className = "cb-search";
      setActive(-1);
    }

    function setActive(index) {
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        if (options[active].scrollIntoView) options[active].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }

    function option(kind, href, parts) {
      var li = el("li", "cb-search__result cb-search__result--" + kind);
      li.id = "cb-search-option-" + options.length;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = el("a", "cb-search__link");
      a.href = href;
      a.tabIndex = -1;
      for (var i = 0; i < parts.length; i++) if (parts[i]) a.appendChild(parts[i]);
      li.appendChild(a);
      options.push(li);
      return li;
    }

    function group(kind, items) {
      if (!items.length) return;
      var head = el("li", "cb-search__group", GROUPS[kind]);
      head.setAttribute("role", "presentation");
      list.appendChild(head);
      for (var i = 0; i < items.length; i++) list.appendChild(items[i]);
    }

    function render(text, kinds) {
      list.innerHTML = "";
      options = [];
      active = -1;
      var sections = kinds.section.map(function (d) {
        var label = el("span", "cb-search__label", (d.meta.label || "") + " · ");
        return option("section", root + d.rel, [label, titled(d, text)]);
      });
      var cases = kinds["case"].map(function (d) {
        var title = titled(d, text);
        var meta = el("span", "cb-search__meta", [d.meta.unit, cnDate(d.meta.date)].join(" · "));
        var line = el("span", "cb-search__snippet");
        var cut = snippet(d, text, true);
        if (cut) line.appendChild(cut);
        else line.textContent = d.meta.summary || "";
        return option("case", root + d.rel, [title, meta, line]);
      });
      var pages = kinds.page.map(function (d) {
        var line = el("span", "cb-search__snippet");
        var cut = snippet(d, text, true);
        if (cut) line.appendChild(cut);
        return option("page", root + d.rel, [titled(d, text), line]);
      });
      group("section", sections);
      group("case", cases);
      group("page", pages);
      status.textContent = options.length ? "" : "没有找到与“" + text + "”相关的内容。";
      status.hidden = !!options.length;
      all.href = root + "cases/?q=" + encodeURIComponent(text);
      all.hidden = !kinds.caseCount;
      if (kinds.caseCount) all.textContent = "查看全部结果（" + kinds.caseCount + " 个案例）";
    }

    function run() {
      var text = input.value.replace(/^\s+|\s+$/g, "");
      var mine = ++round;
      if (!text || !words(text).length) {
        setOpen(false);
        return;
      }
      var wanted = { section: SECTIONS_SHOWN, "case": CASES_SHOWN, page: PAGES_SHOWN };
      var kinds = { section: [], "case": [], page: [], caseCount: 0 };
      Promise.all(["section", "case", "page"].map(function (kind) {
        return find(text, { kind: kind }).then(function (hits) {
          if (kind === "case") kinds.caseCount = hits.length;
          return load(hits.slice(0, wanted[kind])).then(function (datas) { kinds[kind] = datas; });
        });
      })).then(function () {
        if (mine !== round) return;
        render(text, kinds);
        panel.setAttribute("data-query", text); // what the shown results answer (for tests)
        setOpen(true);
      }, function () {
        if (mine !== round) return;
        list.innerHTML = "";
        options = [];
        all.hidden = true;
        status.hidden = false;
        status.textContent = "搜索暂时不可用：索引无法加载。";
        panel.setAttribute("data-query", text);
        setOpen(true);
      });
    }

    function typed() {
      clearTimeout(timer);
      timer = setTimeout(run, 100);
    }
    // Pinyin being composed ("tiao'jie") is not a query yet: wait for the characters.
    input.addEventListener("input", function (event) {
      if (!event.isComposing) typed();
    });
    input.addEventListener("compositionend", typed);
    input.addEventListener("focus", function () {
      warm();
      if (input.value && options.length) setOpen(true);
    });
    input.addEventListener("keydown", function (event) {
      var key = event.key;
      if (key === "ArrowDown" || key === "Down") {
        event.preventDefault();
        if (panel.hidden && input.value) run();
        else if (options.length) setActive(active < options.length - 1 ? active + 1 : 0);
      } else if (key === "ArrowUp" || key === "Up") {
        event.preventDefault();
        if (options.length) setActive(active > 0 ? active - 1 : options.length - 1);
      } else if (key === "Escape" || key === "Esc") {
        event.preventDefault();
        if (!panel.hidden) setOpen(false);
        else { closeBox(); input.blur(); }
      } else if (key === "Enter" && active >= 0 && options[active]) {
        event.preventDefault();
        window.location.href = options[active].firstChild.href;
      }
    });
    form.addEventListener("submit", function (event) {
      // Enter without a chosen result: every case the query finds, in the case list.
      event.preventDefault();
      var text = input.value.replace(/^\s+|\s+$/g, "");
      if (text) window.location.href = root + "cases/?q=" + encodeURIComponent(text);
    });
    list.addEventListener("mousemove", function (event) {
      var node = event.target;
      while (node && node !== list && node.getAttribute("role") !== "option") node = node.parentNode;
      if (node && node !== list) {
        for (var i = 0; i < options.length; i++) if (options[i] === node && i !== active) setActive(i);
      }
    });
    toggle.addEventListener("click", openBox);
    close.addEventListener("click", function () { input.value = ""; closeBox(); });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) {
        setOpen(false);
        if (box.className.indexOf("--open") >= 0) closeBox();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" && event.key !== "s") return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      var target = event.target;
      if (target && (/^(input|textarea|select)$/i.test(target.tagName) || target.isContentEditable)) return;
      event.preventDefault();
      event.stopPropagation();
      openBox();
    }, true);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initBox);
  else initBox();
})();
