"""Who sees and changes what: a partner director reads only the allocations to their own
organisation, a council member reads everything and changes nothing, and a refused write leaves
everything as it was."""

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from budgets.models import Allocation, Contribution, FundingStream, PooledBudget
from tests.agenda.factories import AgreementFactory, GoalFactory
from tests.kindcentra.factories import KindcentrumFactory

pytestmark = pytest.mark.django_db


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode()).replace("\u00a0", " ")


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (FundingStream, PooledBudget, Contribution, Allocation)
    ]


def test_a_partner_director_sees_only_the_allocations_to_their_own_organisation(
    client_for, director_a, director_b, allocation_a, allocation_b
):
    mine = page_text(client_for(director_a).get(reverse("budgets:allocation_list")))
    assert "VVE-plaatsen Noord" in mine
    assert "Peuteropvang De Boomhut" not in mine
    # Not even as a choice in the filters.
    assert "Kinderopvang De Boomhut" not in mine and "Onderwijsachterstandenbeleid" not in mine
    export = client_for(director_a).get(reverse("budgets:allocation_list") + "?export=csv")
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert [line.split(";")[1] for line in lines[1:]] == ["VVE-plaatsen Noord"]
    theirs = page_text(client_for(director_b).get(reverse("budgets:allocation_list")))
    assert "Peuteropvang De Boomhut" in theirs and "VVE-plaatsen Noord" not in theirs
    assert client_for(director_b).get(allocation_a.get_absolute_url()).status_code == 404
    detail = page_text(client_for(director_a).get(allocation_a.get_absolute_url()))
    assert "Sterke start (2026)" in detail
    assert reverse("budgets:pool_detail", args=[allocation_a.pooled_budget_id]) not in detail
    assert "Wijzigen" not in detail


def test_a_partner_director_finds_their_allocations_in_the_menu_and_on_the_home_page(
    client_for, director_a, allocation_a
):
    home = page_text(client_for(director_a).get(reverse("kindportaal:home")))
    assert f'href="{reverse("budgets:allocation_list")}"' in home
    assert "Onze toekenningen" in home
    assert "Toekenningen aan je organisatie" in home
    assert "2026: 1 toekenning, € 30.000,00 begroot, € 10.000,00 gerealiseerd" in home
    assert f'href="{reverse("budgets:overview")}"' not in home


def test_a_council_member_reads_everything_and_is_offered_no_changes(
    client_for, council_member, pool, allocation_a, oab
):
    client = client_for(council_member)
    for url in (
        reverse("budgets:stream_list"),
        oab.get_absolute_url(),
        pool.get_absolute_url(),
        allocation_a.get_absolute_url(),
        reverse("budgets:allocation_list"),
    ):
        text = page_text(client.get(url))
        assert "/wijzigen/" not in text and "/nieuw/" not in text and "/verwijderen/" not in text


WRITES = [
    ("budgets:stream_create", None, {"name": "X", "code": "X", "year": "2026", "amount": "1"}),
    ("budgets:stream_update", "stream", {"name": "Gekaapt", "amount": "1", "version": "1"}),
    ("budgets:stream_delete", "stream", {"version": "1"}),
    ("budgets:pool_create", None, {"name": "Nieuw", "year": "2026"}),
    ("budgets:pool_update", "pool", {"name": "Gekaapt", "year": "2026", "version": "1"}),
    ("budgets:pool_delete", "pool", {"version": "1"}),
    ("budgets:contribution_create", "pool", {"stream": "youth", "amount": "1"}),
    ("budgets:contribution_update", "contribution", {"amount": "1", "version": "1"}),
    ("budgets:contribution_delete", "contribution", {"version": "1"}),
    ("budgets:allocation_create", None, {"stream": "oab", "description": "X", "budgeted": "1"}),
    ("budgets:allocation_update", "allocation", {"description": "Gekaapt", "version": "1"}),
    ("budgets:allocation_delete", "allocation", {"version": "1"}),
]


@pytest.mark.parametrize(("name", "target", "data"), WRITES)
@pytest.mark.parametrize("persona", ["council_member", "director_a", "administrator"])
def test_a_refused_write_changes_nothing(
    request, client_for, persona, name, target, data, oab, youth, pool, allocation_a
):
    objects = {
        "stream": oab,
        "pool": pool,
        "contribution": Contribution.objects.filter(pooled_budget=pool).first(),
        "allocation": allocation_a,
        "oab": oab,
        "youth": youth,
    }
    url = reverse(name, args=[objects[target].pk] if target else [])
    data = {key: getattr(objects.get(value), "pk", value) for key, value in data.items()}
    before = snapshot()
    response = client_for(request.getfixturevalue(persona)).post(url, data)
    assert response.status_code == 403
    assert snapshot() == before


def test_the_money_behind_an_organisation_shows_on_its_page_for_whom_may_see_it(
    client_for, director_a, director_b, council_member, allocation_a, organisation_a
):
    url = organisation_a.get_absolute_url()
    own = page_text(client_for(director_a).get(url))
    assert "Toekenningen aan deze organisatie" in own
    assert "VVE-plaatsen Noord" in own
    assert f"{reverse('budgets:allocation_list')}?organisation={organisation_a.pk}" in own
    assert "Toekenningen aan deze organisatie" not in page_text(client_for(director_b).get(url))
    assert "VVE-plaatsen Noord" in page_text(client_for(council_member).get(url))


def test_a_kindcentrum_page_shows_its_allocations_and_a_director_only_their_own(
    client_for, council_member, director_b, allocation_a, organisation_b, oab
):
    kindcentrum = KindcentrumFactory(name="De Horizon")
    Allocation.objects.filter(pk=allocation_a.pk).update(kindcentrum=kindcentrum)
    Allocation.objects.create(
        stream=oab,
        year=2026,
        organisation=organisation_b,
        kindcentrum=kindcentrum,
        description="Peutergroep De Horizon",
        period_start="2026-01-01",
        period_end="2026-12-31",
        budgeted=Decimal("4000"),
    )
    url = kindcentrum.get_absolute_url()
    council = page_text(client_for(council_member).get(url))
    assert "VVE-plaatsen Noord" in council and "Peutergroep De Horizon" in council
    director = page_text(client_for(director_b).get(url))
    assert "Peutergroep De Horizon" in director and "VVE-plaatsen Noord" not in director
    assert "Alleen toekenningen aan je eigen organisatie staan hier." in director


def test_an_agreement_page_shows_the_money_for_it(council_member, allocation_a):
    agreement = AgreementFactory(title="Meer peuters naar de voorschool")
    Allocation.objects.filter(pk=allocation_a.pk).update(agreement=agreement)
    request = RequestFactory().get("/")
    request.user = council_member
    html = Template("{% object_panels agreement %}").render(
        Context({"agreement": agreement, "request": request})
    )
    text = re.sub(r"\s+", " ", html).replace("\u00a0", " ")
    assert "Toekenningen voor deze afspraak" in text
    assert "VVE-plaatsen Noord" in text
    assert "€ 30.000,00" in text


def test_a_goal_page_shows_the_pooled_budgets_serving_it_to_budget_readers(
    council_member, director_a, pool, allocation_a
):
    goal = GoalFactory(statement="Meer doelgroeppeuters bereikt met VVE")
    pool.goals.add(goal)
    template = Template("{% object_panels goal %}")

    def render_for(user):
        request = RequestFactory().get("/")
        request.user = user
        html = template.render(Context({"goal": goal, "request": request}))
        return re.sub(r"\s+", " ", html).replace("\u00a0", " ")

    text = render_for(council_member)
    assert "Ontschotte budgetten voor dit doel" in text
    assert "Sterke start (2026)" in text and "€ 150.000,00" in text and "€ 30.000,00" in text
    assert render_for(director_a).strip() == ""
