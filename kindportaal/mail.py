"""E-mail as the portal sends it: a header value is one line, whatever the data it names holds.

A title with a line break in it (typed, pasted or imported) would otherwise stop the e-mail
(Django refuses a header with CR or LF, `BadHeaderError`), or worse, add a header of its own."""

CONTROL = dict.fromkeys(range(32), " ") | {0x7F: " ", 0x2028: " ", 0x2029: " "}


def header_value(text: str) -> str:
    """`text` on one line: control characters and line separators become spaces, runs of
    spaces one."""
    return " ".join(str(text).translate(CONTROL).split())
