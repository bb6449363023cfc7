"""Texts of the libraries we use whose Dutch translation is missing upstream.

Listed here so that makemessages puts them in our catalogue, which takes precedence. Django 5.2.19
reworded the minimum-length password message without updating its translations.
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
