"""The shared helpers for saving and deleting records from services and forms
(kindportaal.records, kindportaal.editing), the field rows of detail pages, and the fields that
apps add to the invitation form (kindportaal.invitations)."""

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.template import Context, Template

from kindportaal.concurrency import EditConflict
from kindportaal.editing import ConfirmDeleteForm, submit
from kindportaal.forms import InvitationForm
from kindportaal.invitations import InvitationExtension
from kindportaal.models import Wijk
from kindportaal.records import DeletionRefused, delete_checked, save_checked
from tests.kindcentra.factories import KindcentrumFactory
from tests.kindportaal.factories import WijkFactory

pytestmark = pytest.mark.django_db


def test_save_checked_validates_like_a_form_and_refuses_a_stale_version():
    with pytest.raises(ValidationError) as invalid:
        save_checked(Wijk(name="Centrum", cbs_code="GM0363"))
    assert "cbs_code" in invalid.value.error_dict
    assert not Wijk.objects.exists()

    wijk = save_checked(Wijk(name="Centrum", cbs_code="WK036300"))
    wijk.name = "Binnenstad"
    save_checked(wijk, expected_version=1)
    stale = Wijk.objects.get(pk=wijk.pk)
    stale.name = "Oude stad"
    with pytest.raises(EditConflict):
        save_checked(stale, expected_version=1)
    assert Wijk.objects.get(pk=wijk.pk).name == "Binnenstad"


def test_saving_what_someone_deleted_meanwhile_is_a_validation_error():
    wijk = WijkFactory()
    Wijk.objects.filter(pk=wijk.pk).delete()
    wijk.name = "Weg"
    with pytest.raises(ValidationError, match="verwijderd"):
        save_checked(wijk, expected_version=wijk.version)


def test_delete_checked_names_what_still_needs_the_record():
    kindcentrum = KindcentrumFactory(name="IKC De Horizon")
    with pytest.raises(DeletionRefused) as refused:
        delete_checked(kindcentrum.wijk, expected_version=kindcentrum.wijk.version)
    [group] = refused.value.blockers
    assert (group.label, group.names) == ("Kindcentra", ["IKC De Horizon"])
    assert Wijk.objects.filter(pk=kindcentrum.wijk_id).exists()


def test_delete_checked_refuses_a_stale_version_and_accepts_what_is_gone():
    wijk = WijkFactory()
    with pytest.raises(EditConflict):
        delete_checked(wijk, expected_version=wijk.version + 1)
    delete_checked(wijk, expected_version=wijk.version)
    assert not Wijk.objects.filter(pk=wijk.pk).exists()
    delete_checked(wijk, expected_version=wijk.version)  # already gone: nothing to do


class NameForm(forms.Form):
    name = forms.CharField()


def test_submit_puts_a_service_refusal_on_the_form():
    form = NameForm({"name": "Centrum"})

    def refuse():
        raise ValidationError({"name": "Bezet.", "elsewhere": "Ook dit."})

    assert submit(form, refuse) is None
    assert form.errors == {"name": ["Bezet."], "__all__": ["Ook dit."]}
    assert submit(NameForm({"name": "Centrum"}), lambda: "opgeslagen") == "opgeslagen"
    assert submit(NameForm({}), lambda: pytest.fail("not called for an invalid form")) is None


def test_confirm_delete_form_needs_the_version_that_was_shown():
    wijk = WijkFactory()
    assert not ConfirmDeleteForm({}, instance=wijk).is_valid()
    form = ConfirmDeleteForm({"version": str(wijk.version)}, instance=wijk)
    assert form.is_valid()
    assert ConfirmDeleteForm(instance=wijk)["version"].value() == wijk.version


def test_field_row_shows_labels_choices_links_and_years():
    kindcentrum = KindcentrumFactory(ihp_year=2027, housing="planned")
    template = Template(
        '{% field_row k "housing" %}{% field_row k "wijk" %}{% field_row k "ihp_year" "year" %}'
    )
    html = template.render(Context({"k": kindcentrum}))
    assert "Huisvesting" in html
    assert "Eén gebouw gepland in het IHP" in html
    assert f'href="{kindcentrum.wijk.get_absolute_url()}"' in html
    assert ">2027<" in html.replace(" ", "").replace("\n", "")


def test_apps_add_fields_to_the_invitation_form_and_check_them(monkeypatch):
    extension = InvitationExtension(
        fields=lambda: {"team": forms.CharField(required=False)},
        clean=lambda data: (
            {"team": "Alleen voor raadsleden."}
            if data.get("team") and data.get("role") != "council_member"
            else {}
        ),
    )
    monkeypatch.setattr(
        apps.get_app_config("reports"), "invitation_extensions", [extension], raising=False
    )
    data = {"full_name": "Pieter Jansen", "email": "pieter@example.org", "team": "Oost"}
    form = InvitationForm({**data, "role": "policy_officer"})
    assert not form.is_valid()
    assert form.errors["team"] == ["Alleen voor raadsleden."]
    form = InvitationForm({**data, "role": "council_member"})
    assert form.is_valid()
    own, extra = form.invitation_data()
    assert own == {
        "full_name": "Pieter Jansen",
        "email": "pieter@example.org",
        "role": "council_member",
    }
    assert extra["team"] == "Oost"


def test_a_refused_deletion_names_ten_per_kind_in_order_and_counts_the_rest():
    from tests.partners.factories import LocationFactory

    wijk = WijkFactory()
    for number in range(12):
        KindcentrumFactory(name=f"Kindcentrum {number:02}", wijk=wijk)
    LocationFactory(name="BSO Het Anker", wijk=wijk)
    with pytest.raises(DeletionRefused) as refused:
        delete_checked(wijk, expected_version=wijk.version)
    kindcentra, locations = refused.value.blockers
    assert kindcentra.label == "Kindcentra"
    assert kindcentra.names == [f"Kindcentrum {number:02}" for number in range(10)]
    assert kindcentra.more == 2
    assert (locations.label, locations.names, locations.more) == ("Locaties", ["BSO Het Anker"], 0)
    assert refused.value.messages == [
        f"“{wijk}” kan niet worden verwijderd zolang er andere gegevens aan gekoppeld zijn."
    ]


def test_a_record_without_versions_is_saved_and_deleted_as_it_is():
    from partners.models import Membership
    from tests.kindportaal.factories import UserFactory
    from tests.partners.factories import OrganisationFactory

    membership = save_checked(
        Membership(user=UserFactory(role="partner_director"), organisation=OrganisationFactory())
    )
    save_checked(membership, changes={"organisation": OrganisationFactory(name="Nieuw")})
    assert Membership.objects.get(pk=membership.pk).organisation.name == "Nieuw"
    delete_checked(membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    delete_checked(membership)  # already gone: nothing to do


def test_a_clash_saved_by_someone_else_at_the_same_moment_is_a_message_not_an_error_page():
    """Between the checks and the write, someone else saves a wijk with the same name: the
    database refuses ours, and the person reads what happened instead of an error page."""
    mine = Wijk(name="Centrum", cbs_code="WK036301")
    check = mine.full_clean

    def checked_and_then_the_other_save_lands():
        check()
        Wijk.objects.create(name="Centrum", cbs_code="WK036302")

    mine.full_clean = checked_and_then_the_other_save_lands
    with pytest.raises(ValidationError) as refused:
        save_checked(mine)
    assert refused.value.messages == [
        "Iemand anders heeft op hetzelfde moment iets opgeslagen dat hiermee botst. "
        "Controleer wat je hebt ingevuld en sla opnieuw op."
    ]
    assert list(Wijk.objects.values_list("cbs_code", flat=True)) == ["WK036302"]


def test_saving_what_someone_deleted_meanwhile_says_so_in_words():
    wijk = WijkFactory()
    Wijk.objects.filter(pk=wijk.pk).delete()
    with pytest.raises(ValidationError) as refused:
        save_checked(wijk, changes={"name": "Weg"}, expected_version=wijk.version)
    assert refused.value.messages == [
        "Iemand anders heeft dit intussen verwijderd; het kan niet meer worden opgeslagen."
    ]


def test_every_foreign_key_that_stops_a_deletion_is_one_delete_checked_explains():
    # delete_checked turns ProtectedError into a message that names the linked records; a
    # foreign key with on_delete=RESTRICT would raise RestrictedError, an error page instead.
    restricting = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if getattr(field, "remote_field", None) is not None
        and getattr(field.remote_field, "on_delete", None) is models.RESTRICT
    ]
    assert restricting == []


def test_save_checked_sets_the_many_to_many_fields_among_the_changes_after_saving():
    from tests.agenda.factories import MeetingFactory
    from tests.partners.factories import OrganisationFactory

    meeting = MeetingFactory()
    school, daycare = OrganisationFactory(name="Stichting Primo"), OrganisationFactory()
    save_checked(
        meeting,
        changes={"title": "Overleg kindcentra", "organisations": [school, daycare]},
        expected_version=meeting.version,
    )
    meeting.refresh_from_db()
    assert meeting.title == "Overleg kindcentra"
    assert set(meeting.organisations.all()) == {school, daycare}

    save_checked(meeting, changes={"organisations": [school]}, expected_version=meeting.version)
    assert list(meeting.organisations.all()) == [school]
