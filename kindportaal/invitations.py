"""What other apps add to an invitation, declared on their AppConfig as the navigation is, so the
portal's own invitation needs no import from the apps that build on it.

An app lists `invitation_extensions = [InvitationExtension(...)]` on its AppConfig (in `ready()`
when the fields need models). The invitation form shows the extension's fields and lets it check
them against the chosen role; `invitation_create()` lets it record what it needs for the invited
person inside the invitation's own transaction, so all of it is saved or none of it.
Example: the partners app adds the organisations a partner director acts for.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps


def _no_errors(cleaned_data):
    return {}


def _nothing(*, user, invited_by, data):
    return None


@dataclass(frozen=True)
class InvitationExtension:
    # () -> {field name: form field}, added to the invitation form
    fields: Callable[[], dict]
    # (cleaned data of the whole form) -> {field name: message} for what is wrong
    clean: Callable[[dict], dict] = _no_errors
    # (*, user, invited_by, data) -> None; runs in the invitation's transaction
    record: Callable[..., None] = _nothing


def invitation_extensions() -> list[InvitationExtension]:
    return [
        extension
        for config in apps.get_app_configs()
        for extension in getattr(config, "invitation_extensions", ())
    ]
