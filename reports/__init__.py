"""The reports app: the council's dashboard and the LEA document, made as an accessible PDF by a
worker. It reads the other apps and none of them reads it. See docs/architecture.md, "The
council's dashboard" and "The LEA document"."""
