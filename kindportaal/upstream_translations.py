"""Texts of the libraries we use whose Dutch translation is missing or left in English upstream.

Listed here so that makemessages puts them in our catalogue, which takes precedence. Django 5.2.19
reworded the minimum-length password message without updating its translations; allauth keeps
"Authenticator code" in English. Django REST framework's Dutch catalogue says "Dit veld is
vereist." where Django says "Dit veld is verplicht.": one wording on every form, the portal's.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
AUTHENTICATOR_CODE = gettext_lazy("Authenticator code")
TOTP_AUTHENTICATOR = gettext_lazy("TOTP Authenticator")
FIELD_REQUIRED = gettext_lazy("This field is required.")
