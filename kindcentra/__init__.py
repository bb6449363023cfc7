"""The kindcentra app: the kindcentra of the gemeente, their locations and partners, the phase
each has reached in its development and its yearly self-assessment. See docs/architecture.md,
"Partners and kindcentra"."""
