/* Casebook booklet: tell Paged.js to mark the document once every page is laid out,
 * so a print (or a test) never catches a half-paginated booklet. Load before Paged.js. */
window.PagedConfig = {
  after: function () {
    document.documentElement.setAttribute("data-paged", "done");
  }
};
