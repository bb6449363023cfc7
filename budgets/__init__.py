"""The budgets app: funding streams, the pooled budgets the gemeente made of them (ontschotting)
and the allocations to organisations and kindcentra, with every euro traceable to its stream.
See docs/architecture.md, "Budgets"."""
