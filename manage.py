#!/usr/bin/env python
"""Django's command-line utility for Kindportaal."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindportaal.settings")
    # On a developer's machine manage.py needs no secret key; the image and the compose file set
    # KINDPORTAAL_ENV=production, and the web server (wsgi.py) and the worker default to it.
    os.environ.setdefault("KINDPORTAAL_ENV", "development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
