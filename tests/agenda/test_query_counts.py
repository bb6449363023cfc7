"""The agenda page, the agreement list, an agreement's page and mijn afspraken take a fixed
number of queries, however much data there is."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda import services
from agenda.models import MeetingDecision
from kindportaal.roles import Role
from tests.agenda.factories import (
    AgreementFactory,
    GoalFactory,
    MeasurementFactory,
    MeetingFactory,
    ProgressUpdateFactory,
    ThemeFactory,
    adopted_agreement,
    confirm,
    proposed_agreement,
)
from tests.kindcentra.factories import KindcentrumFactory
from tests.kindportaal.factories import UserFactory, WijkFactory
from tests.partners.factories import MembershipFactory, OrganisationFactory
from tests.querycount import assert_query_count_constant

pytestmark = pytest.mark.django_db


def _more_agreements(theme, organisation_a, organisation_b, count=6):
    today = timezone.localdate()
    for number in range(count):
        agreement = AgreementFactory(
            theme=theme,
            owner=organisation_a if number % 2 else organisation_b,
            parties=[organisation_a, organisation_b, OrganisationFactory()],
            due_date=today + datetime.timedelta(days=number * 7 - 14),
            start_date=today - datetime.timedelta(days=400),
            whole_gemeente=True,
        )
        agreement.kindcentra.set([KindcentrumFactory()])
        agreement.wijken.set([WijkFactory()])
        ProgressUpdateFactory(agreement=agreement)
        services.refresh_progress_summary(agreement_ids=[agreement.pk])


def _grow_agenda(agenda, theme, organisation_a, organisation_b):
    def grow():
        for _number in range(3):
            new_theme = ThemeFactory(agenda=agenda)
            GoalFactory(theme=new_theme)
            GoalFactory(theme=new_theme)
            _more_agreements(new_theme, organisation_a, organisation_b, count=2)
            MeetingFactory(agenda=agenda)
        _more_agreements(theme, organisation_a, organisation_b)

    return grow


def test_the_agenda_page(
    client_for, council_member, agenda, theme, goal, organisation_a, organisation_b
):
    _more_agreements(theme, organisation_a, organisation_b, count=1)
    MeetingFactory(agenda=agenda)
    assert_query_count_constant(
        client_for(council_member),
        reverse("agenda:home"),
        _grow_agenda(agenda, theme, organisation_a, organisation_b),
        expected=EXPECTED["agenda"],
    )


def test_the_agreement_list(client_for, council_member, theme, organisation_a, organisation_b):
    _more_agreements(theme, organisation_a, organisation_b, count=2)
    assert_query_count_constant(
        client_for(council_member),
        reverse("agenda:agreement_list"),
        lambda: _more_agreements(theme, organisation_a, organisation_b, count=30),
        expected=EXPECTED["list"],
    )


def test_the_agreement_page(
    client_for,
    director_a,
    policy_officer,
    theme,
    goal,
    organisation_a,
    organisation_b,
    director_b,
):
    agreement = adopted_agreement(
        by=policy_officer,
        parties=[organisation_a, organisation_b],
        directors=[director_a, director_b],
        theme=theme,
        goal=goal,
    )
    ProgressUpdateFactory(agreement=agreement)
    agreement.kindcentra.set([KindcentrumFactory()])
    agreement.wijken.set([WijkFactory()])

    def grow():
        extra = OrganisationFactory()
        MembershipFactory(user=director_a, organisation=extra)
        agreement.kindcentra.set([KindcentrumFactory(), KindcentrumFactory()])
        agreement.wijken.set([WijkFactory(), WijkFactory()])
        for _ in range(5):
            ProgressUpdateFactory(agreement=agreement)
        for _ in range(3):
            decision = MeetingDecision.objects.create(
                meeting=MeetingFactory(agenda=theme.agenda), text="Besloten."
            )
            decision.agreements.set([agreement])

    assert_query_count_constant(
        client_for(director_a),
        reverse("agenda:agreement_detail", args=[agreement.pk]),
        grow,
        expected=EXPECTED["detail"],
    )


def test_mijn_afspraken(client_for, director_a, theme, goal, organisation_a, organisation_b):
    _more_agreements(theme, organisation_a, organisation_b, count=2)
    assert_query_count_constant(
        client_for(director_a),
        reverse("kindportaal:home"),
        lambda: _more_agreements(theme, organisation_a, organisation_b, count=20),
        expected=EXPECTED["home"],
    )


def test_the_goal_page(client_for, council_member, goal, theme, organisation_a, organisation_b):
    MeasurementFactory(goal=goal)

    def grow():
        for year in range(2025, 2029):
            MeasurementFactory(goal=goal, measured_on=datetime.date(year, 10, 1))
        for _ in range(3):
            AgreementFactory(theme=theme, goal=goal)

    assert_query_count_constant(
        client_for(council_member),
        reverse("agenda:goal_detail", args=[goal.pk]),
        grow,
        expected=EXPECTED["goal"],
    )


def _more_parties(agreement, director, count=3):
    """Parties for which `director` acts too, and parties that have confirmed already."""
    for _ in range(count):
        ours, confirmed = OrganisationFactory(), OrganisationFactory()
        MembershipFactory(user=director, organisation=ours)
        agreement.parties.add(ours, confirmed)
        if agreement.status == "proposed":
            other = UserFactory(role=Role.PARTNER_DIRECTOR)
            MembershipFactory(user=other, organisation=confirmed)
            confirm(agreement, confirmed, other)


def test_the_answer_page(
    client_for, director_b, policy_officer, theme, organisation_a, organisation_b
):
    agreement = proposed_agreement(
        by=policy_officer, parties=[organisation_a, organisation_b], theme=theme
    )
    assert_query_count_constant(
        client_for(director_b),
        reverse("agenda:agreement_answer", args=[agreement.pk]),
        lambda: _more_parties(agreement, director_b),
        expected=EXPECTED["answer"],
    )


def test_the_progress_page(
    client_for, director_b, director_a, policy_officer, theme, organisation_a, organisation_b
):
    agreement = adopted_agreement(
        by=policy_officer,
        parties=[organisation_a, organisation_b],
        directors=[director_a, director_b],
        theme=theme,
    )

    def grow():
        _more_parties(agreement, director_b)
        for _ in range(3):
            ProgressUpdateFactory(agreement=agreement)

    assert_query_count_constant(
        client_for(director_b),
        reverse("agenda:progress_create", args=[agreement.pk]),
        grow,
        expected=EXPECTED["progress"],
    )


def test_the_edit_page(client_for, director_a, theme, organisation_a, organisation_b):
    agreement = AgreementFactory(
        theme=theme, owner=organisation_a, parties=[organisation_a, organisation_b]
    )

    def grow():
        _more_parties(agreement, director_a)
        agreement.kindcentra.set([KindcentrumFactory(), KindcentrumFactory()])
        agreement.wijken.set([WijkFactory(), WijkFactory()])

    assert_query_count_constant(
        client_for(director_a),
        reverse("agenda:agreement_edit", args=[agreement.pk]),
        grow,
        expected=EXPECTED["edit"],
    )


# Session, user, gemeente and the page's own queries.
# The agreement, goal and home pages include the budgets app's panels (the money behind them);
# the home page also the partners app's panel of the person's organisations.
# Every page's layout counts the person's unread notifications in the header (one query).
EXPECTED = {
    "agenda": 10,
    "list": 10,
    "detail": 26,
    "home": 9,
    "goal": 9,
    "answer": 16,
    "progress": 8,
    "edit": 21,
}
