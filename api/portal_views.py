"""The portal's pages for an organisation's API keys: the list, a new key (shown once) and
revoking one. Directors manage their own organisations' keys, policy officers every one's."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from api import permissions, services
from api.forms import ApiKeyForm, RevokeForm
from api.models import OrganisationAPIKey
from kindportaal.editing import add_errors, form_page
from kindportaal.permissions import permission_required


def _list_url():
    return reverse("apikeys:key_list")


@permission_required(permissions.can_manage_any_api_keys)
def key_list(request):
    keys = (
        OrganisationAPIKey.objects.filter(
            organisation__in=permissions.manageable_organisations(request.user)
        )
        .select_related("organisation", "created_by")
        .order_by("revoked", "organisation__name", "-created")
    )
    page = Paginator(keys, 50).get_page(request.GET.get("page"))
    return render(request, "api/key_list.html", {"page": page, "keys": page.object_list})


@permission_required(permissions.can_manage_any_api_keys)
def key_create(request):
    form = ApiKeyForm(
        request.POST or None,
        organisations=permissions.manageable_organisations(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            key, secret = services.api_key_create(by=request.user, **form.cleaned_data)
        except services.ValidationError as error:
            add_errors(form, error)
        else:
            # The key itself is in this answer only (never stored, never shown again).
            return render(request, "api/key_created.html", {"key": key, "secret": secret})
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": _("New API key"),
            "crumb": _("New API key"),
            "trail": [(_("API keys"), _list_url())],
            "cancel_url": _list_url(),
            "intro": _(
                "A partner system of the organisation uses the key to read its agreements and, "
                "if you allow it, to report progress and confirm agreements. The key is shown "
                "once."
            ),
            "submit_label": _("Make the key"),
        },
    )


def key_revoke(request, prefix):
    key = permissions.key_for_managing(request.user, prefix)
    form = RevokeForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.api_key_revoke(api_key=key, by=request.user),
        title=_("Revoke the key %(key)s") % {"key": key},
        crumb=_("Revoke"),
        trail=[(_("API keys"), _list_url())],
        cancel_url=_list_url(),
        intro=_(
            "The system of %(organisation)s that uses this key can no longer reach the API. "
            "This cannot be undone: make a new key if needed."
        )
        % {"organisation": key.organisation.name},
        submit_label=_("Revoke the key"),
        message=_("The key has been revoked."),
        next_url=_list_url(),
    )
