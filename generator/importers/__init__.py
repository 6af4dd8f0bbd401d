"""Importing what stations already write: Word documents -> case drafts (``casebook import``).

sniff (what a file is) -> word (python-docx -> document.py's model; the only module that
imports python-docx, from the optional extra ``casebook[import]``) -> draft (the model ->
title, date, summary, sections in Markdown) -> run (ids, staging, the validator's checks,
writing) -> commands (the click command, its report and JSON; registered by cli.py).
headings.py holds the table of wordings, which config.py also checks.
"""
