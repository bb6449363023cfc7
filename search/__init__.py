"""Search across the apps: one search box in the header and a search page over agreements,
goals, themes, meetings and their decisions, organisations, locations, kindcentra, wijken,
funding streams, pooled budgets and allocations, each shown only to whoever may read it.

The sources (search/sources.py) say per kind which fields are searched, which records a person
may see — the apps' own permission rules — and how a result is described. On PostgreSQL the
words are matched with full-text search in a Dutch configuration without accents, on
expression indexes that the database keeps current with every write (search/migrations); on the
embedded SQLite of the demo a simpler match on the same fields gives the same page.
"""
