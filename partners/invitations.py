"""The organisations a partner director acts for, chosen in the portal's invitation form
(see kindportaal.invitations): the invitation and the memberships are saved together."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kindportaal.invitations import InvitationExtension
from kindportaal.roles import Role
from partners.models import Organisation
from partners.services import memberships_set


def _fields():
    return {
        "organisations": forms.ModelMultipleChoiceField(
            label=_("Organisations"),
            queryset=Organisation.objects.filter(is_active=True).order_by("name"),
            required=False,
            help_text=_(
                "For a partner director: the organisation or organisations they act for. Leave "
                "empty for other roles."
            ),
        )
    }


def _clean(cleaned_data):
    role = cleaned_data.get("role")
    organisations = cleaned_data.get("organisations")
    if role == Role.PARTNER_DIRECTOR and not organisations:
        return {"organisations": _("Choose the organisation(s) this partner director acts for.")}
    if role and role != Role.PARTNER_DIRECTOR and organisations:
        return {
            "organisations": _(
                "Only a partner director belongs to an organisation; choose none for this role."
            )
        }
    return {}


def _record(*, user, invited_by, data):
    organisations = data.get("organisations") or []
    if user.role != Role.PARTNER_DIRECTOR:
        organisations = []
    memberships_set(user=user, organisations=organisations)


EXTENSION = InvitationExtension(fields=_fields, clean=_clean, record=_record)
