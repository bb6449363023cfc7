from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kindportaal.choices import ChoiceSource
from kindportaal.navigation import NavItem
from kindportaal.permissions import (
    can_manage_users,
    can_read_audit_log,
    is_administrator,
    is_policy_officer,
)


def _active_users():
    from kindportaal.models import User

    return User.objects.filter(is_active=True).order_by("full_name")


class KindportaalConfig(AppConfig):
    name = "kindportaal"
    verbose_name = _("Kindportaal")
    navigation = [
        NavItem(label=_("Home"), url_name="kindportaal:home", order=0),
        NavItem(
            label=_("Users"), url_name="kindportaal:user_list", order=900, visible=can_manage_users
        ),
        NavItem(
            label=_("Audit log"),
            url_name="kindportaal:audit_log",
            order=940,
            visible=can_read_audit_log,
        ),
        NavItem(label=_("Beheer"), url_name="admin:index", order=950, visible=is_administrator),
    ]

    # People (attendees of a meeting) are chosen by name or e-mail address, by policy officers.
    choice_sources = [
        ChoiceSource(
            model="kindportaal.User",
            queryset=_active_users,
            search_fields=("full_name", "email"),
            allowed=is_policy_officer,
        )
    ]

    def ready(self):
        from allauth.mfa.models import Authenticator
        from django.apps import apps
        from django.db.models.signals import post_delete

        from kindportaal import audit
        from kindportaal.adapters import forget_two_factor
        from kindportaal.caching import watch_writes
        from kindportaal.tasks import resubmit_invitation_emails, resubmit_notice_emails

        watch_writes(apps.get_models(include_auto_created=True))
        audit.connect_signals()
        post_delete.connect(
            forget_two_factor, sender=Authenticator, dispatch_uid="kindportaal.forget_two_factor"
        )
        self.janitor_jobs = [resubmit_invitation_emails, resubmit_notice_emails]
        # The gemeente's logo is in every page's header, the login page's too.
        self.media_access = {"gemeente": lambda user: True}
