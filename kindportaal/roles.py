"""The roles people have in the portal. Kept apart from the models so permission predicates can be
imported before the app registry is ready (for the navigation on each AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    POLICY_OFFICER = "policy_officer", _("Policy officer")
    PARTNER_DIRECTOR = "partner_director", _("Partner director")
    COUNCIL_MEMBER = "council_member", _("Council member")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles a policy officer may hand out in an invitation; beheerders are made by beheerders.
INVITABLE_ROLES = [Role.POLICY_OFFICER, Role.PARTNER_DIRECTOR, Role.COUNCIL_MEMBER]
# Roles that must log in with a second factor.
TWO_FACTOR_ROLES = {Role.POLICY_OFFICER, Role.ADMINISTRATOR}
