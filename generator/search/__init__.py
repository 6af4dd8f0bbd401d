"""Site search with Pagefind: records made from the site model, Chinese made exact by
overlapping character grams, and the index written by Pagefind's own binary."""
