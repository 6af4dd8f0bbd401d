/* Casebook booklet (the print page): set-up for Paged.js, which lays the booklet out in A4
 * pages. Load before Paged.js.
 * - The hint bar (how to print, the way back) is for the screen: it is kept out of the pages and
 *   put back above them once they are laid out (booklet-screen.css hides it on paper).
 * - On a window narrower than a page (a phone) the pages are zoomed to fit its width.
 * - The document is marked once every page is laid out, so a print (or a test) never catches
 *   a half-paginated booklet. */
(function () {
  var hint = null;

  function fit() {
    var pages = document.querySelector(".pagedjs_pages");
    var page = pages && pages.querySelector(".pagedjs_page");
    if (!page) return;
    pages.style.removeProperty("--cb-zoom");
    var room = document.documentElement.clientWidth - 16;
    var width = page.offsetWidth;
    if (width > room && room > 0) pages.style.setProperty("--cb-zoom", String(room / width));
  }

  window.PagedConfig = {
    before: function () {
      hint = document.querySelector(".cb-print-hint");
      if (hint) hint.parentNode.removeChild(hint);
    },
    after: function () {
      if (hint) {
        document.body.insertBefore(hint, document.body.firstChild);
        var button = hint.querySelector("button");
        if (button && window.print) {
          button.addEventListener("click", function () { window.print(); });
          button.hidden = false;
        }
      }
      fit();
      window.addEventListener("resize", fit);
      document.documentElement.setAttribute("data-paged", "done");
    }
  };
})();
