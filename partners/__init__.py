"""The partners app: the organisations (schools, childcare, youth care) and their boards, who acts
for them, and the imports from the national registers (LRK, DUO) that keep them current. See
docs/architecture.md, "Partners and kindcentra"."""
