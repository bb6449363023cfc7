"""Beheer of the agenda: the statutory topics are edited here; the rest can be looked up."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from agenda.models import (
    Agenda,
    Agreement,
    AgreementVersion,
    Confirmation,
    Notification,
    StatutoryTopic,
    Theme,
)
from kindportaal.admin import ReadOnlyAdmin


@admin.register(StatutoryTopic)
class StatutoryTopicAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "legal_basis", "order"]
    list_editable = ["order"]
    search_fields = ["title", "code"]


@admin.register(Agenda)
class AgendaAdmin(SimpleHistoryAdmin):
    list_display = ["title", "start_year", "end_year", "status", "is_current"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agenda", "order"]
    list_filter = ["agenda"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    """Read-only: agreements change through the portal, where versions and confirmations are
    kept; a change here would bypass them."""

    list_display = ["title", "owner", "status", "health", "due_date"]
    list_filter = ["status", "health"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "number", "created_by", "created_at"]
    list_select_related = ["agreement", "created_by"]


@admin.register(Confirmation)
class ConfirmationAdmin(ReadOnlyAdmin):
    list_display = ["version", "organisation", "decision", "decided_by", "decided_at"]
    list_select_related = ["version", "organisation", "decided_by"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "kind", "key", "sent_at", "failed_at", "error", "recipients"]
    list_filter = ["kind", ("failed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["agreement"]
