"""The bad input the drills send through every form, by the kind of value a field takes."""

from django.core.files.uploadedfile import SimpleUploadedFile

MARK = "kpxss"
# Stored as text, this must come back escaped in HTML and neutralised in CSV exports.
SCRIPT = f"<script>{MARK}()</script>"
FORMULA = f'=HYPERLINK("http://example.invalid","{MARK}")'
STORED_PAYLOAD = f"=1+1{SCRIPT}<img src=x onerror={MARK}()>"

# For every field, whatever it takes.
UNIVERSAL = [
    SCRIPT,
    FORMULA,
    "a\x00b",  # NUL
    "\x01\x02\x07\x1b[31m\u202egnp.exe\u200b",  # control and bidi characters
    b"\xff\xfe\xc3\x28 \xed\xa0\x80",  # invalid UTF-8 (and an encoded surrogate)
    "x" * 10_000,
    ["1", "2"],  # two values for one field
    "",
]
BY_KIND = {
    "number": [
        "-1",
        "1e20",
        "-0.001",
        "99999999999999999999999",
        "NaN",
        "Infinity",
        "1,2,3",
        "abc",
    ],
    "date": ["31-02-2026", "2026-02-31", "0000-00-00", "99999-01-01", "2026-13-45", "morgen"],
    "email": ["geen-e-mail", "a@b@c", "<b>@example.org", "x" * 300 + "@example.org"],
    "choice": ["999999999", "-1", "1e20", "' OR 1=1 --", "None"],
    "hidden": ["-1", "1e20", "abc", "99999999999999999999", "0"],
    "password": ["kort", "x" * 10_000],
    "text": ["-1", "1e20", "31-02-2026", " "],
}
BY_KIND["file"] = ['not,a;valid\ncsv"\n\x00\xff']


def malformed_csv():
    return SimpleUploadedFile(
        "register.csv",
        b"naam;aantal\n\"niet afgesloten;12\n\xff\xfe;=cmd|' /C calc'!A0\n" + b";" * 5000,
        content_type="text/csv",
    )


def values_for(kind, index, per_field):
    """`per_field` values for the field at `index`: a turn through the universal values and the
    kind's own, so that over all fields each value is sent many times."""
    own = BY_KIND.get(kind, BY_KIND["text"])
    chosen = []
    for step in range(per_field):
        pool = UNIVERSAL if step % 2 == 0 else own
        chosen.append(pool[(index * 3 + step * 7) % len(pool)])
    return chosen
