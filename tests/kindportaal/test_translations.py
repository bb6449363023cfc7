"""The Dutch translation is complete: every text in the code has a Dutch, non-fuzzy translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
SKIP = {
    ".venv",
    "node_modules",
    ".git",
    "tests",
    "staticfiles",
    "media",
    "var",
    "benchmarks",
    "docs",
}


def test_every_text_has_a_dutch_translation(tmp_path):
    # makemessages on a copy of the sources, so the committed catalogue is what is checked.
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=lambda directory, names: [
            name
            for name in names
            if (Path(directory) == ROOT and name in SKIP) or name == "__pycache__"
        ],
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "nl",
            "--no-obsolete",
            "-i",
            "static/vendor",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        env={"KINDPORTAAL_ENV": "test", "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    assert result.returncode == 0, result.stderr
    catalogue = polib.pofile(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po")
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], "texts without a Dutch translation (run `make messages`)"
    assert fuzzy == [], "fuzzy Dutch translations: check them and remove the fuzzy flag"
