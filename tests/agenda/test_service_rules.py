"""The agenda's services as the people who use them notice: themes, meetings and measurements
saved as entered and refused when stale, a refused agreement or progress update saying why at the
right field, and the first progress update counted as an edit of the agreement."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from agenda import services
from agenda.models import Agreement, Confirmation, Meeting, StatutoryTopic, Theme
from kindportaal.concurrency import EditConflict
from kindportaal.history import reason_display
from tests.agenda.factories import GoalFactory, MeetingFactory, ThemeFactory, confirm
from tests.kindportaal.factories import WijkFactory
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_theme_is_saved_with_its_statutory_topics_and_refused_when_stale(theme):
    topics = list(StatutoryTopic.objects.order_by("pk")[:2])
    assert len(topics) == 2
    data = {"title": "Doorgaande leerlijn", "statutory_topics": topics}
    services.theme_save(theme=theme, **data, expected_version=theme.version)
    saved = Theme.objects.get(pk=theme.pk)
    assert saved.title == "Doorgaande leerlijn"
    assert set(saved.statutory_topics.all()) == set(topics)
    with pytest.raises(EditConflict):
        services.theme_save(
            theme=Theme.objects.get(pk=theme.pk), **{"title": "Oud"}, expected_version=1
        )
    assert Theme.objects.get(pk=theme.pk).title == "Doorgaande leerlijn"


def test_a_stale_meeting_is_not_saved_over_a_newer_one(agenda):
    meeting = MeetingFactory()
    services.meeting_save(
        meeting=Meeting.objects.get(pk=meeting.pk),
        **{"minutes": "Nieuwe notulen"},
        expected_version=meeting.version,
    )
    with pytest.raises(EditConflict):
        services.meeting_save(
            meeting=meeting, **{"minutes": "Oude notulen"}, expected_version=meeting.version
        )
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Nieuwe notulen"


def test_a_measurement_keeps_its_source(goal):
    measurement = services.measurement_create(
        goal=goal, value=42, measured_on=datetime.date(2026, 1, 1), source="CBS Statline"
    )
    measurement.refresh_from_db()
    assert measurement.source == "CBS Statline"


def test_a_director_outside_the_agreement_is_told_at_the_owner_field(theme, director_a):
    other = OrganisationFactory()
    data = {
        "title": "Samen lezen",
        "theme": theme,
        "owner": other,
        "parties": [other],
        "whole_gemeente": True,
        "start_date": timezone.localdate(),
        "due_date": timezone.localdate() + datetime.timedelta(days=90),
    }
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(by=director_a, **data)
    assert refused.value.message_dict == {
        "owner": [
            "As a partner director you draft agreements for your own organisation: choose it as "
            "the lead organisation."
        ]
    }
    assert not Agreement.objects.filter(title="Samen lezen").exists()


def test_a_new_agreement_is_a_draft(theme, policy_officer, organisation_a):
    data = {
        "title": "Samen lezen",
        "theme": theme,
        "owner": organisation_a,
        "parties": [organisation_a],
        "whole_gemeente": True,
        "start_date": timezone.localdate(),
        "due_date": timezone.localdate() + datetime.timedelta(days=90),
    }
    agreement = services.agreement_create(by=policy_officer, **data)
    assert Agreement.objects.get(pk=agreement.pk).status == "draft"


def report(agreement, by, organisation, **fields):
    values = {
        "reported_on": timezone.localdate(),
        "text": "Gestart.",
        "health": "on_track",
        "percent_complete": 10,
        **fields,
    }
    return services.progress_update_create(
        agreement=agreement, by=by, organisation=organisation, **values
    )


def test_progress_on_an_agreement_not_yet_confirmed_says_why(proposed, director_a, organisation_a):
    with pytest.raises(services.AgreementError) as refused:
        report(proposed, director_a, organisation_a)
    assert str(refused.value) == (
        "Progress can be reported once every party has confirmed the agreement."
    )


def test_a_director_is_asked_for_whom_they_report(adopted, director_a):
    with pytest.raises(ValidationError) as refused:
        report(adopted, director_a, None)
    assert refused.value.message_dict == {
        "organisation": ["Choose the organisation you report for."]
    }


def test_a_day_still_to_come_is_refused_and_the_start_day_itself_accepted(
    adopted, director_a, organisation_a
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        report(adopted, director_a, organisation_a, reported_on=tomorrow)
    assert refused.value.message_dict == {"reported_on": ["The date cannot be in the future."]}
    Agreement.objects.filter(pk=adopted.pk).update(start_date=timezone.localdate())
    adopted.refresh_from_db()
    update = report(adopted, director_a, organisation_a, reported_on=adopted.start_date)
    assert update.reported_on == adopted.start_date


def test_the_first_progress_update_is_an_edit_a_form_opened_before_hears_of(
    adopted, director_a, organisation_a, policy_officer
):
    opened_at = adopted.version
    report(adopted, director_a, organisation_a)
    assert Agreement.objects.get(pk=adopted.pk).version == opened_at + 1
    report(adopted, director_a, organisation_a)  # later ones are no edit of the agreement
    assert Agreement.objects.get(pk=adopted.pk).version == opened_at + 1


def test_a_period_made_current_again_stays_the_current_one(agenda):
    services.agenda_save(agenda=agenda, **{"is_current": True}, expected_version=agenda.version)
    agenda.refresh_from_db()
    assert agenda.is_current


def test_an_agreement_without_an_owner_is_refused_at_the_owner_field(theme, policy_officer):
    data = {
        "title": "Samen lezen",
        "theme": theme,
        "owner": None,
        "parties": [OrganisationFactory()],
        "whole_gemeente": True,
        "start_date": timezone.localdate(),
        "due_date": timezone.localdate() + datetime.timedelta(days=90),
    }
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(by=policy_officer, **data)
    assert list(refused.value.message_dict) == ["owner"]


def test_a_change_of_substance_is_a_new_version_in_the_history_and_one_edit(
    adopted, policy_officer
):
    opened_at = adopted.version
    services.agreement_update(
        agreement=Agreement.objects.get(pk=adopted.pk),
        by=policy_officer,
        **{
            **{
                name: (
                    list(getattr(adopted, name).all()) if name in services.AGREEMENT_M2M else value
                )
                for name in services.SUBSTANCE
                for value in [getattr(adopted, name, None)]
            },
            "title": "Eén overdrachtsformulier voor alle scholen",
        },
        expected_version=opened_at,
    )
    changed = Agreement.objects.get(pk=adopted.pk)
    # The save of the form and the new version to confirm: two edits.
    assert (changed.status, changed.revision, changed.version) == ("proposed", 2, opened_at + 2)
    with translation.override("nl"):
        assert reason_display(changed.history.first().history_change_reason) == (
            "Gewijzigd: versie 2 te bevestigen"
        )


def test_a_decline_needs_a_reason_at_the_reason_field(proposed, director_a, organisation_a):
    for reason in (None, "  "):
        with pytest.raises(ValidationError) as refused:
            services.agreement_answer(
                agreement=proposed,
                organisation=organisation_a,
                by=director_a,
                decision="declined",
                reason=reason,
                version_number=proposed.revision,
            )
        assert refused.value.message_dict == {"reason": ["Give a reason for declining."]}
    assert not Confirmation.objects.exists()


def test_the_last_confirmation_adopts_the_agreement_in_one_edit(
    proposed, director_a, director_b, organisation_a, organisation_b
):
    confirm(proposed, organisation_a, director_a)
    opened_at = Agreement.objects.get(pk=proposed.pk).version
    confirm(proposed, organisation_b, director_b)
    adopted = Agreement.objects.get(pk=proposed.pk)
    assert (adopted.status, adopted.version) == ("adopted", opened_at + 1)


def test_a_draft_that_breaks_a_rule_is_not_proposed_and_says_which(draft, policy_officer):
    Agreement.objects.filter(pk=draft.pk).update(whole_gemeente=False)  # and no place named
    with pytest.raises(services.AgreementError) as refused:
        services.agreement_transition(
            agreement=draft, action="propose", by=policy_officer, expected_version=draft.version
        )
    assert str(refused.value) == (
        "Say where the agreement applies: the whole gemeente, or kindcentra or wijken."
    )
    assert Agreement.objects.get(pk=draft.pk).status == "draft"


def test_a_party_that_became_inactive_stays_on_the_draft_it_is_proposed_with(
    draft, policy_officer, organisation_b
):
    organisation_b.is_active = False
    organisation_b.save()
    proposed = services.agreement_transition(
        agreement=draft, action="propose", by=policy_officer, expected_version=draft.version
    )
    assert proposed.status == "proposed"
    assert organisation_b in proposed.parties.all()


def test_each_step_of_the_lifecycle_is_named_in_the_history(draft, policy_officer):
    proposed = services.agreement_transition(
        agreement=draft, action="propose", by=policy_officer, expected_version=draft.version
    )
    services.agreement_transition(
        agreement=proposed, action="withdraw", by=policy_officer, expected_version=proposed.version
    )
    reasons = [
        reason_display(entry.history_change_reason)
        for entry in Agreement.objects.get(pk=draft.pk).history.order_by("-history_id")[:2]
    ]
    assert reasons == ["Withdraw to draft", "Propose to the parties"]


def test_the_rules_of_an_agreements_content_each_at_its_field(theme):
    active = OrganisationFactory(name="Stichting Actief")
    closed = OrganisationFactory(name="Gesloten", is_active=False)
    also_closed = OrganisationFactory(name="Ook Gesloten", is_active=False)
    other_goal = GoalFactory(theme=ThemeFactory(agenda=theme.agenda, title="Huisvesting"))
    today = timezone.localdate()
    valid = {
        "start_date": today,
        "due_date": today,  # due on the day it starts: allowed
        "parties": [active],
        "owner": active,
        "whole_gemeente": True,
        "theme": theme,
        "goal": GoalFactory(theme=theme),
    }
    problems = services.agreement_problems
    assert problems(valid) == {}
    assert problems({**valid, "parties": []}) == {"parties": "Choose at least one party."}
    assert problems({**valid, "parties": [closed, also_closed]}) == {
        "parties": "Gesloten, Ook Gesloten is not active and cannot take new agreements."
    }
    assert problems({**valid, "owner": closed}) == {
        "owner": "Gesloten is not active and cannot take new agreements."
    }
    # An organisation that became inactive stays on an agreement it already had.
    assert problems({**valid, "owner": closed}, existing_party_ids={closed.pk}) == {}
    assert problems({**valid, "goal": other_goal}) == {
        "goal": f"Choose a goal of the theme “{theme}”."
    }
    assert problems({**valid, "theme": None, "goal": other_goal}) == {}
    wijk = WijkFactory()
    assert problems({**valid, "wijken": [wijk]}) == {
        "whole_gemeente": "Choose either the whole gemeente or kindcentra and wijken, not both."
    }
    assert problems({**valid, "whole_gemeente": False, "wijken": [wijk]}) == {}
    assert problems({**valid, "whole_gemeente": False}) == {
        "whole_gemeente": "Say where the agreement applies: the whole gemeente, or kindcentra or "
        "wijken."
    }


def test_proposing_an_agreement_with_two_problems_names_both(draft, policy_officer):
    Agreement.objects.filter(pk=draft.pk).update(goal=GoalFactory())
    draft.parties.clear()
    draft.refresh_from_db()
    with pytest.raises(services.AgreementError) as error:
        services.agreement_transition(
            agreement=draft, action="propose", by=policy_officer, expected_version=draft.version
        )
    assert str(error.value) == (
        f"Choose at least one party. Choose a goal of the theme “{draft.theme}”."
    )
    assert Agreement.objects.get(pk=draft.pk).status == "draft"
