"""Forms of the portal itself, and the NL Design System rendering every form in the portal uses."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django import forms
from django.contrib.auth import password_validation
from django.db.models import Q
from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kindportaal.choices import MultipleChoiceWidgetsMixin
from kindportaal.invitations import invitation_extensions
from kindportaal.listing import ListFilterForm
from kindportaal.models import AuditKind, Delivery, NoticeKind, User
from kindportaal.permissions import can_log_in_with_password, is_council_member, notice_kinds_for
from kindportaal.roles import INVITABLE_ROLES, Role

# NL Design System (Utrecht) classes per widget input type.
WIDGET_CLASSES = {
    "text": "utrecht-textbox utrecht-textbox--html-input",
    "email": "utrecht-textbox utrecht-textbox--html-input",
    "password": "utrecht-textbox utrecht-textbox--html-input",
    "number": "utrecht-textbox utrecht-textbox--html-input utrecht-textbox--numeric",
    "url": "utrecht-textbox utrecht-textbox--html-input",
    "tel": "utrecht-textbox utrecht-textbox--html-input",
    "date": "utrecht-textbox utrecht-textbox--html-input",
    "datetime-local": "utrecht-textbox utrecht-textbox--html-input",
    "search": "utrecht-textbox utrecht-textbox--html-input",
    "file": "utrecht-textbox utrecht-textbox--html-input",
    "select": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "radio": "utrecht-radio-button utrecht-radio-button--html-input",
}


class PortalFormRenderer(TemplatesSetting):
    """Renders every form with the portal's templates: labels, descriptions, errors, summary."""

    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is not None:
            kind = widget.get("type") or template_name.rsplit("/", 1)[-1].removesuffix(".html")
            kind = {"checkbox_select": "checkbox"}.get(kind, kind)
            css = WIDGET_CLASSES.get(kind)
            if widget.get("optgroups") is not None and kind in ("radio", "checkbox"):
                # A group of radio buttons or checkboxes: each option gets the class.
                for _group, options, _index in widget["optgroups"]:
                    for option in options:
                        option["attrs"] = _with_class(option["attrs"], css)
            elif css:
                widget["attrs"] = _with_class(widget["attrs"], css)
            if template_name == SELECT_TEMPLATE:
                return _select_html(widget)
        return super().render(template_name, context, request=request)


def ask_for(form, *fields, message):
    """Ask for a value with `message` at each of `fields` of a bound form, unless one of them
    already has an error of its own: a value that did not validate says more than the request."""
    if not any(name in form.errors for name in fields):
        for name in fields:
            form.add_error(name, message)


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs_html(attrs):
    """What Django's django/forms/widgets/attrs.html writes for `attrs`."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


def _select_html(widget):
    """A select as Django's select.html and select_option.html write it, character for
    character, but written here: a select of a few hundred options (the dashboard's wijken, a
    list's organisations) took a template include and its filters per option."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(localize(group_name))}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                raise ValueError(f"a select option of its own template: {option['template_name']}")
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs_html(option['attrs'])}>{conditional_escape(localize(option['label']))}"
                "</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _with_class(attrs, css):
    if "utrecht-" in attrs.get("class", ""):
        return attrs
    return {**attrs, "class": f"{css} {attrs.get('class', '')}".strip()}


class InvitationForm(MultipleChoiceWidgetsMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=User._meta.get_field("full_name").max_length,
        help_text=_("First name and surname."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The invitation is sent to this address; it becomes the login."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(role.value, role.label) for role in INVITABLE_ROLES],
        widget=forms.RadioSelect,
        help_text=_("Decides what this person may see and change."),
    )
    OWN_FIELDS = ("full_name", "email", "role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Fields that other apps add (kindportaal.invitations), e.g. a partner director's
        # organisations.
        self.extensions = invitation_extensions()
        for extension in self.extensions:
            self.fields.update(extension.fields())

    def clean(self):
        cleaned = super().clean()
        for extension in self.extensions:
            for name, message in extension.clean(cleaned).items():
                self.add_error(name, message)
        return cleaned

    def invitation_data(self):
        """The invitation's own arguments, and what the extensions recorded, apart."""
        own = {name: self.cleaned_data[name] for name in self.OWN_FIELDS}
        extra = {k: v for k, v in self.cleaned_data.items() if k not in self.OWN_FIELDS}
        return own, extra

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            return email
        if existing.is_active:
            raise forms.ValidationError(_("There is already an account with this e-mail address."))
        if existing.anonymised_at is not None:
            raise forms.ValidationError(
                _("This account has been anonymised and cannot be used again.")
            )
        if (
            existing.last_login is not None
            or existing.invitations.filter(accepted_at__isnull=False).exists()
        ):
            raise forms.ValidationError(
                _("This account has been deactivated. Reactivate it from the list of users.")
            )
        # An invited person who has not accepted yet: a new invitation replaces the old one.
        return email


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("New password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            try:
                password_validation.validate_password(password1, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]


class NoticePreferencesForm(forms.Form):
    """How a person hears of each kind of notice: one choice per kind."""

    def __init__(self, *args, user, initial_choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, help_text in notice_kinds_explained(user).items():
            self.fields[kind] = forms.ChoiceField(
                label=NoticeKind(kind).label,
                choices=Delivery.choices,
                initial=initial_choices[kind],
                widget=forms.RadioSelect,
                help_text=help_text,
            )


NOTICE_KIND_HELP = {
    NoticeKind.PROPOSED: _(
        "An agreement your organisation is party to waits for its confirmation."
    ),
    NoticeKind.CHANGED: _("An agreement has a new version that your organisation confirms again."),
    NoticeKind.STALE: _(
        "An agreement your organisation leads is due within two weeks without recent progress."
    ),
    NoticeKind.PROGRESS: _(
        "Someone reported progress on an agreement your organisation is party to."
    ),
    NoticeKind.DECISION: _("A meeting took a decision about an agreement of your organisation."),
    NoticeKind.LEA_DOCUMENT: _(
        "A LEA document you asked for is ready, or a new version of an adopted agenda's."
    ),
    NoticeKind.IMPORT: _("The register import you started has finished."),
}

# A council member asks for no documents: they hear of each new one of an adopted agenda.
COUNCIL_MEMBER_HELP = {
    NoticeKind.LEA_DOCUMENT: _("A new version of the LEA document of an adopted agenda is ready."),
}


def notice_kinds_explained(user) -> dict:
    """The kinds of notices this person can get, each with what it is about for them."""
    own = COUNCIL_MEMBER_HELP if is_council_member(user) else {}
    return {kind: own.get(kind, NOTICE_KIND_HELP[kind]) for kind in notice_kinds_for(user)}


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )


class LoginForm(AllauthLoginForm):
    """allauth's login by e-mail address and password, refused (once the password is known to be
    right) to a role that logs in through an identity provider only (PASSWORD_LOGIN_ROLES)."""

    def clean(self):
        cleaned_data = super().clean()
        if self.user is not None and not can_log_in_with_password(self.user):
            apps = get_social_adapter().list_apps(self.request)
            raise forms.ValidationError(
                _(
                    "As %(role)s you log in through %(providers)s, not with a password. Use the "
                    "button “Log in with %(provider)s” below."
                )
                % {
                    "role": Role(self.user.role).label.lower(),
                    "providers": " / ".join(app.name for app in apps),
                    "provider": apps[0].name if apps else "",
                },
                code="password_login_off",
            )
        return cleaned_data


class AuditDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AuditFilterForm(ListFilterForm):
    """The audit log's filters: a period, a person and a kind. A filter that cannot be read
    shows its Dutch message and no records, rather than every record as if none was asked."""

    date_from = forms.DateField(
        label=pgettext_lazy("start of a period", "From"), widget=AuditDateInput
    )
    date_to = forms.DateField(label=_("Up to and including"), widget=AuditDateInput)
    person = forms.CharField(
        label=_("Person"),
        max_length=100,
        help_text=_("Part of a name or e-mail address: who did it, or the address typed."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AuditKind.choices)

    lookups = {"kind": "kind", "date_from": "created_at__date__gte"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["q"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period lies before its start."))
        return cleaned

    def filter(self, queryset):
        if self.is_bound and not self.is_valid():
            return queryset.none()
        return super().filter(queryset)

    def filter_date_to(self, queryset, value):
        return queryset.filter(created_at__date__lte=value)

    def filter_person(self, queryset, value):
        from kindportaal.audit import matching_typed

        return queryset.filter(
            Q(actor__full_name__icontains=value)
            | Q(actor__email__icontains=value)
            | Q(identifier__icontains=value)
            # A failed login of an address that is no account's keeps only its digest.
            | Q(identifier__endswith=matching_typed(value))
        )
