"""The view side of editing records: a submitted form handed to a service, with what the service
refuses shown on the form; the one page for a form and the one page that confirms a deletion.

    form = LocationForm(request.POST or None, instance=location, user=request.user)
    return form_page(
        request, form,
        save=lambda: services.location_update(location=location, changes=..., ...),
        title=..., trail=[(_("Locations"), list_url)], cancel_url=location.get_absolute_url(),
    )
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindportaal.concurrency import EditConflict, VersionedFormMixin
from kindportaal.records import DeletionRefused


def submit(form, save: Callable, refusals=()):
    """For a valid form, return what `save()` gives. When the service refuses, the form shows
    why and None is returned: an EditConflict (also in `form.conflict`), a DeletionRefused (in
    `form.refused`), any other ValidationError at its fields, and an exception of a type in
    `refusals` (a service's own "not allowed now") above the form. A record that disappeared
    meanwhile is a 404."""
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
        add_errors(form, error)
    except ObjectDoesNotExist:
        raise Http404 from None
    except refusals as error:
        form.add_error(None, str(error))
    return None


def add_errors(form, error):
    """A service's ValidationError at the form's fields, or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        known = field in form.fields and field != NON_FIELD_ERRORS
        form.add_error(field if known else None, errors)


def form_page(
    request,
    form,
    *,
    save: Callable,
    title: str,
    trail=(),
    cancel_url: str,
    crumb: str = "",
    intro: str = "",
    submit_label: str = "",
    message=None,
    next_url="",
    refusals=(),
    template_name: str = "components/form_page.html",
    context=None,
):
    """The page of a form that a service saves.

    On a valid POST `save()` runs and the person goes to `next_url` (a URL, or a function of what
    was saved; by default what was saved) with `message` (a text, or a function of what was
    saved). `refusals` are the service's own exception types that mean "not allowed now".
    Otherwise the form is shown (again) with what is wrong, or with what someone else changed
    meanwhile. `trail` is the breadcrumb trail before this page as (label, url) pairs; `crumb`
    names this page in it (the title by default).
    """
    if request.method == "POST":
        saved = submit(form, save, refusals)
        if saved is not None:
            text = message(saved) if callable(message) else message
            messages.success(request, text or _("Your changes have been saved."))
            return redirect((next_url(saved) if callable(next_url) else next_url) or saved)
    return render(
        request,
        template_name,
        {
            "form": form,
            "title": title,
            "trail": trail,
            "crumb": crumb or title,
            "cancel_url": cancel_url,
            "intro": intro,
            "submit_label": submit_label,
            **(context or {}),
        },
    )


def crumb_to(obj):
    """The breadcrumb of `obj`'s own page: its name, linking there."""
    return (str(obj), obj.get_absolute_url())


def trail(*crumbs, to=None):
    """A breadcrumb trail for a form page: `crumbs` ((label, url) pairs), then the page of `to`
    when there is one."""
    return [*crumbs, crumb_to(to)] if to is not None else [*crumbs]


def added(obj):
    """The message after adding `obj`."""
    return _("“%(name)s” has been added.") % {"name": obj}


def remove_link(request, form, *, remove: Callable, back_to, done: Callable, missing: str):
    """A small POST form that removes a link (a member, a location of a kindcentrum): remove it
    with `remove()`, say so with `done(removed)` or, when the form holds no such link, with
    `missing`, and go back to `back_to`."""
    removed = submit(form, remove)
    if removed is None:
        messages.error(request, missing)
    else:
        messages.success(request, done(removed))
    return redirect(back_to)


def model_changes(form):
    """The values of a ModelForm's editable fields, for a service to apply as its keyword
    arguments. The version is not among them."""
    return {
        name: form.cleaned_data[name]
        for name in form._meta.fields
        if name in form.fields and not form.fields[name].disabled
    }


def edits(form, changes=None):
    """What an edit form asks its service: the changes (by default `model_changes(form)`) and
    the version the page showed, `expected_version`, as the service's keyword arguments."""
    if changes is None:
        changes = model_changes(form)
    return {**changes, "expected_version": form.cleaned_data["version"]}


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
        submit(form, lambda: delete(form.cleaned_data["version"]))
        # A service that deletes may return nothing: success is that nothing was refused.
        if not form.errors and form.refused is None:
            messages.success(request, _("“%(name)s” has been deleted.") % {"name": obj})
            return redirect(done_url)
    return render(
        request,
        "components/confirm_delete.html",
        {"object": obj, "form": form, "trail": trail, "consequences": consequences},
    )
