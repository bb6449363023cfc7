"""Beheer: users, invitations, the gemeente and its wijken in the Django admin."""

from allauth.socialaccount.models import SocialApp, SocialToken
from django import forms
from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kindportaal import services
from kindportaal.models import AuditEvent, Gemeente, Invitation, User, Wijk

# Identity providers are configured from the environment only (docs/configuration.md), not by
# a row in the admin that would add a way in; their tokens are not kept. A person's links to a
# provider (social accounts) stay in the admin, for a beheerder to remove a wrong one.
admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role"]


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_is_active(self):
        is_active = self.cleaned_data["is_active"]
        if is_active and self.instance.anonymised_at is not None:
            raise forms.ValidationError(
                _("This account has been anonymised and cannot be used again.")
            )
        return is_active


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["full_name"]
    list_display = ["email", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "deactivated_at", "anonymised_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "role", "is_active"]}),
        (
            _("Dates"),
            {"fields": ["last_login", "date_joined", "deactivated_at", "anonymised_at"]},
        ),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "full_name",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    filter_horizontal: list = []

    def save_model(self, request, obj, form, change):
        if change and "is_active" in form.changed_data:
            # The retention term of an inactive account runs from here (as user_deactivate).
            obj.deactivated_at = None if obj.is_active else timezone.now()
        super().save_model(request, obj, form, change)
        # A role or an account switched on or off in the admin is in the audit log as well.
        if change and "role" in form.changed_data:
            services.audit_role_change(
                user=obj, previous_role=form.initial.get("role", ""), actor=request.user
            )
        if change and "is_active" in form.changed_data:
            services.audit_activation(user=obj, actor=request.user)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["user", "invited_by"]
    readonly_fields = ["public_id", "user", "invited_by", "created_at", "accepted_at"]


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code"]

    def has_add_permission(self, request):
        return not Gemeente.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Wijk)
class WijkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cbs_code", "children_0_4", "children_4_12", "reference_year"]
    search_fields = ["name", "cbs_code"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are never changed once made: nobody adds, changes or deletes one here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit log, to read only: nobody adds, changes or deletes a record here (the model
    refuses too); the retention job removes old ones."""

    list_display = ["created_at", "kind", "actor", "identifier", "ip_address", "what"]
    list_filter = ["kind"]
    list_select_related = ["actor", "subject"]
    search_fields = ["actor__email", "actor__full_name", "identifier", "ip_address"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "kind",
        "actor",
        "identifier",
        "subject",
        "ip_address",
        "what",
        "message",
        "params",
    ]
    fields = readonly_fields

    @admin.display(description=_("what"))
    def what(self, event):
        return event.what
