/* Casebook: filter the case list by unit, criterion, tag and year.
 * The filter state lives in the URL query (?unit=&criterion=&tag=&year=) so a
 * filtered view can be shared. Plain ES5 for old intranet browsers; without
 * JavaScript the form stays hidden and every case is listed. */
(function () {
  "use strict";
  var KEYS = ["unit", "criterion", "tag", "year"];
  var ATTR = { unit: "data-unit", criterion: "data-criteria", tag: "data-tags", year: "data-year" };

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

  function matches(card, state) {
    for (var i = 0; i < KEYS.length; i++) {
      var key = KEYS[i];
      var want = state[key];
      if (!want) continue;
      var have = (card.getAttribute(ATTR[key]) || "").split(" ");
      if (have.indexOf(want) < 0) return false;
    }
    return true;
  }

  function init() {
    var form = document.querySelector(".cb-filters");
    if (!form) return;
    var root = form.parentNode;
    var cards = root.querySelectorAll(".cb-card");
    var shown = root.querySelector(".cb-count__shown");
    var nomatch = root.querySelector(".cb-nomatch");

    function current() {
      var state = {};
      for (var i = 0; i < KEYS.length; i++) state[KEYS[i]] = form.elements[KEYS[i]].value;
      return state;
    }

    function apply(state, push) {
      var count = 0;
      for (var i = 0; i < cards.length; i++) {
        var ok = matches(cards[i], state);
        cards[i].hidden = !ok;
        if (ok) count++;
      }
      if (shown) shown.textContent = String(count);
      if (nomatch) nomatch.hidden = count !== 0;
      if (push && window.history && window.history.replaceState) {
        var query = [];
        for (var k = 0; k < KEYS.length; k++) {
          if (state[KEYS[k]]) query.push(KEYS[k] + "=" + encodeURIComponent(state[KEYS[k]]));
        }
        var url = window.location.pathname + (query.length ? "?" + query.join("&") : "");
        window.history.replaceState(null, "", url);
      }
    }

    var initial = parseQuery(window.location.search);
    for (var i = 0; i < KEYS.length; i++) {
      var select = form.elements[KEYS[i]];
      var value = initial[KEYS[i]] || "";
      for (var j = 0; j < select.options.length; j++) {
        if (select.options[j].value === value) select.value = value;
      }
    }
    form.hidden = false;
    form.addEventListener("change", function () { apply(current(), true); });
    form.addEventListener("reset", function () {
      setTimeout(function () { apply(current(), true); }, 0);
    });
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
