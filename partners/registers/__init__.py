"""Imports from the national registers: DUO (schools, boards, pupils), the LRK (childcare) and
CBS (wijken). `reading` turns a file into rows, `sources` turns rows into records of the
portal, `planning` compares them with what exists (the preview) and `applying` writes them in
one transaction with their provenance."""
