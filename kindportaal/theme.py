"""The gemeente's NL Design System theme: design tokens checked before they reach a page."""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

TOKEN_NAME = re.compile(r"^--[a-z0-9]+(-[a-z0-9]+)*$")
# Colours, lengths, font stacks: nothing that could close the declaration or load a URL.
TOKEN_VALUE = re.compile(r"^[#(),.%\w\s\"'-]{1,200}$")


def validate_theme_tokens(tokens):
    if not isinstance(tokens, dict):
        raise ValidationError(_("Theme tokens must be a mapping from name to value."))
    for name, value in tokens.items():
        if not TOKEN_NAME.match(str(name)):
            raise ValidationError(
                _("“%(name)s” is not a design token name such as --utrecht-color-blue."),
                params={"name": name},
            )
        if not isinstance(value, str) or not TOKEN_VALUE.match(value) or "url" in value.lower():
            raise ValidationError(
                _("The value of %(name)s is not a plain colour, size or font."),
                params={"name": name},
            )


def theme_style(tokens):
    """The tokens as one CSS rule for the page's root; invalid tokens are left out."""
    try:
        validate_theme_tokens(tokens)
    except ValidationError:
        return ""
    if not tokens:
        return ""
    # The pattern above admits no "<", ";" or braces, so the rule cannot leave its declaration.
    declarations = " ".join(f"{name}: {value};" for name, value in sorted(tokens.items()))
    return mark_safe(f".utrecht-theme {{ {declarations} }}")


def theme_version(style):
    """A short digest of the rule, for the stylesheet's address: a changed theme is a new URL."""
    return hashlib.sha256(style.encode()).hexdigest()[:12] if style else ""
