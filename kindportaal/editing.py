"""The view side of editing records: a submitted form handed to a service, with what the service
refuses shown on the form, and the one confirmation page for deleting a record.

    location = submit(form, lambda: services.location_update(...))
    if location is not None:
        return redirect(location)
    # otherwise the form holds the errors, and form.conflict / form.refused say more
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindportaal.concurrency import EditConflict, VersionedFormMixin
from kindportaal.records import DeletionRefused


def submit(form, save: Callable):
    """For a valid form, return what `save()` gives. When the service refuses, the form shows
    why and None is returned: an EditConflict (also in `form.conflict`), a DeletionRefused (in
    `form.refused`) or any other ValidationError at its fields."""
    form.conflict = None
    form.refused = None
    if not form.is_valid():
        return None
    try:
        return save()
    except EditConflict as conflict:
        form.conflict = conflict
        form.show_conflict(conflict)
    except DeletionRefused as refused:
        form.refused = refused
    except ValidationError as error:
        _add_errors(form, error)
    return None


def _add_errors(form, error):
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        known = field in form.fields and field != NON_FIELD_ERRORS
        form.add_error(field if known else None, errors)


def model_changes(form):
    """The values of a ModelForm's editable fields, for a service to apply."""
    return {
        name: form.cleaned_data[name]
        for name in form._meta.fields
        if name in form.fields and not form.fields[name].disabled
    }


class ConfirmDeleteForm(VersionedFormMixin, forms.Form):
    """Confirms deleting `instance` as it was shown: a change made since is a conflict."""

    def __init__(self, *args, instance, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        self.fields["version"].required = True
        self.fields["version"].error_messages["required"] = gettext_lazy(
            "This page is out of date. Open it again to delete."
        )


def delete_page(request, obj, *, delete, done_url, trail=(), consequences=""):
    """The page that asks to confirm deleting `obj` and, on POST, calls `delete(version)`.

    `trail` is the breadcrumb trail as (label, url) pairs before this page; `consequences` says
    what else goes with it. Afterwards the person lands on `done_url` with a message.
    """
    form = ConfirmDeleteForm(request.POST if request.method == "POST" else None, instance=obj)
    if request.method == "POST":
        done = submit(form, lambda: delete(form.cleaned_data["version"]))
        if done is not None:
            messages.success(request, _("“%(name)s” has been deleted.") % {"name": obj})
            return redirect(done_url)
    return render(
        request,
        "components/confirm_delete.html",
        {"object": obj, "form": form, "trail": trail, "consequences": consequences},
    )
