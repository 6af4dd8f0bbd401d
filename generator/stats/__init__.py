"""Statistics: /stats/ (charts drawn at build time) and the coverage heat map."""
