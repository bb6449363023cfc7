"""A policy officer keeps the budgets through the forms: amounts typed the Dutch way, every bad
input refused with a Dutch message at its field and nothing changed, and no lost updates."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import Allocation, Contribution, FundingStream, PooledBudget
from tests.agenda.factories import GoalFactory
from tests.budgets.factories import ContributionFactory, FundingStreamFactory, PooledBudgetFactory

pytestmark = pytest.mark.django_db

STREAM = {
    "name": "Voorschoolse educatie",
    "code": "VVE",
    "year": "2026",
    "amount": "1.250.000,50",
    "source": "own_means",
    "legal_basis": "Beleidsregel VVE",
    "domain": "childcare",
    "purpose": "Extra uren voorschoolse educatie.",
    "accountability": "subsidy_report",
    "poolable": "on",
    "iv3_taakveld": "4.3",
}


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode()).replace("\u00a0", " ")


def field_error(response, field):
    """The error text shown at `field` (the element the field's aria-describedby points to)."""
    html = response.content.decode()
    match = re.search(rf'id="id_{field}_error">(.*?)</div>', html, re.S)
    assert match, f"no error shown at {field}"
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).replace("\u00a0", " ").strip()


@pytest.fixture
def officer(client_for, policy_officer):
    return client_for(policy_officer)


def test_a_policy_officer_creates_a_stream_with_a_dutch_amount(officer, policy_officer):
    response = officer.post(reverse("budgets:stream_create"), STREAM)
    stream = FundingStream.objects.get(code="VVE")
    assert response.status_code == 302
    assert response["Location"] == stream.get_absolute_url()
    assert stream.amount == Decimal("1250000.50")
    assert stream.history.get().history_user == policy_officer
    detail = page_text(officer.get(stream.get_absolute_url()))
    assert "€ 1.250.000,50" in detail
    assert "aangemaakt door Fatima El Amrani" in detail


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "Een bedrag kan niet negatief zijn."),
        ("veel", "Vul een bedrag in euro’s in, bijvoorbeeld 1.250,00."),
        ("12,345", "Vul hoogstens twee decimalen in: hele centen."),
        ("1e20", "Dit bedrag is te groot."),
        ("", "Vul een bedrag in."),
    ],
)
def test_a_bad_amount_is_refused_at_the_field_and_nothing_is_saved(officer, amount, message):
    response = officer.post(reverse("budgets:stream_create"), {**STREAM, "amount": amount})
    assert response.status_code == 200
    assert field_error(response, "amount") == message
    assert "Controleer wat je hebt ingevuld" in page_text(response)
    assert not FundingStream.objects.exists()


def test_a_bad_taakveld_and_a_second_stream_with_the_same_code_are_refused(officer, oab):
    response = officer.post(
        reverse("budgets:stream_create"), {**STREAM, "code": "SPUK-OAB", "iv3_taakveld": "43"}
    )
    assert field_error(response, "code") == "Er is al een geldstroom met deze code in 2026."
    assert field_error(response, "iv3_taakveld") == "Vul een Iv3-taakveld in, zoals 4.3 of 6.72a."
    assert FundingStream.objects.count() == 1


def test_a_stream_that_may_not_be_pooled_is_listed_with_the_reason_and_refused(
    officer, housing, oab
):
    pool = PooledBudget.objects.create(name="Sterke start", year=2026)
    url = reverse("budgets:contribution_create", args=[pool.pk])
    form = page_text(officer.get(url))
    assert (
        f'<option value="{housing.pk}" disabled>OHV — Onderwijshuisvesting (2026) — mag niet '
        "ontschot worden</option>" in form
    )
    response = officer.post(url, {"stream": housing.pk, "amount": "1000"})
    assert field_error(response, "stream") == (
        "“Onderwijshuisvesting (2026)” mag niet ontschot worden: de Verordening huisvesting "
        "onderwijs staat dat niet toe. Ken vanuit deze geldstroom rechtstreeks toe."
    )
    response = officer.post(url, {"stream": oab.pk, "amount": "300.000,01"})
    assert field_error(response, "amount") == (
        "“Onderwijsachterstandenbeleid (2026)” heeft nog € 300.000,00 over van zijn "
        "€ 300.000,00 (de rest is al toegekend of ontschot); je vroeg € 300.000,01."
    )
    assert not Contribution.objects.exists()
    response = officer.post(url, {"stream": oab.pk, "amount": "120.000"})
    assert response.status_code == 302
    assert Contribution.objects.get().amount == Decimal("120000.00")


def allocation_data(**overrides):
    return {
        "description": "Schakelklas",
        "budgeted": "10.000",
        "realised": "",
        "period_start": "",
        "period_end": "",
        **overrides,
    }


def test_an_allocation_needs_exactly_one_source_and_a_recipient(officer, oab, pool, organisation_a):
    url = reverse("budgets:allocation_create")
    both = officer.post(
        url, allocation_data(stream=oab.pk, pooled_budget=pool.pk, organisation=organisation_a.pk)
    )
    assert (
        field_error(both, "stream")
        == field_error(both, "pooled_budget")
        == ("Kies een geldstroom of een ontschot budget, niet allebei.")
    )
    neither = officer.post(url, allocation_data())
    assert field_error(neither, "stream") == (
        "Kies de geldstroom of het ontschotte budget waar het geld vandaan komt."
    )
    assert field_error(neither, "organisation") == (
        "Kies de organisatie, het kindcentrum of allebei die het geld ontvangen."
    )
    assert not Allocation.objects.exists()


def test_an_allocation_that_overspends_or_leaves_the_year_is_refused_at_the_field(
    officer, pool, organisation_a
):
    url = reverse("budgets:allocation_create")
    over = officer.post(
        url,
        allocation_data(
            pooled_budget=pool.pk, organisation=organisation_a.pk, budgeted="150.000,01"
        ),
    )
    assert field_error(over, "budgeted") == (
        "“Sterke start (2026)” heeft nog € 150.000,00 te verdelen van de € 150.000,00 die het "
        "ontving; je vroeg € 150.000,01."
    )
    wrong_year = officer.post(
        url,
        allocation_data(
            pooled_budget=pool.pk,
            organisation=organisation_a.pk,
            period_start="2025-09-01",
            period_end="2026-07-31",
        ),
    )
    assert field_error(wrong_year, "period_start") == (
        "De periode moet binnen 2026 vallen, het jaar van de bron."
    )
    realised = officer.post(
        url,
        allocation_data(
            pooled_budget=pool.pk, organisation=organisation_a.pk, realised="10.000,01"
        ),
    )
    assert field_error(realised, "realised").startswith(
        "Het gerealiseerde bedrag kan niet hoger zijn dan het begrote bedrag"
    )
    assert not Allocation.objects.exists()
    saved = officer.post(
        url, allocation_data(pooled_budget=pool.pk, organisation=organisation_a.pk)
    )
    allocation = Allocation.objects.get()
    assert saved["Location"] == allocation.get_absolute_url()
    assert (allocation.year, str(allocation.period_start)) == (2026, "2026-01-01")


def test_the_source_of_a_new_allocation_can_be_chosen_from_its_page(officer, pool):
    form = officer.get(reverse("budgets:allocation_create") + f"?pooled_budget={pool.pk}")
    assert f'<option value="{pool.pk}" selected>' in form.content.decode()
    assert officer.get(reverse("budgets:allocation_create") + "?stream=x").status_code == 200


def test_two_people_editing_one_allocation_get_a_conflict_not_a_lost_update(
    client_for, policy_officer, allocation_b
):
    url = reverse("budgets:allocation_update", args=[allocation_b.pk])
    mine = client_for(policy_officer)
    assert 'name="version" value="1"' in mine.get(url).content.decode()
    theirs = client_for(policy_officer)
    data = allocation_data(
        stream=allocation_b.stream_id,
        organisation=allocation_b.organisation_id,
        description="Peuteropvang De Boomhut",
        budgeted="20.000",
        realised="7.500",
        version="1",
    )
    assert theirs.post(url, data).status_code == 302
    response = mine.post(url, {**data, "realised": "6.000"})
    text = page_text(response)
    assert "Iemand anders heeft dit intussen gewijzigd" in text
    assert "gerealiseerd: “5000.00” werd “7500.00”" in text
    assert Allocation.objects.get(pk=allocation_b.pk).realised == Decimal("7500.00")
    assert 'name="version" value="2"' in response.content.decode()
    again = mine.post(url, {**data, "realised": "6.000", "version": "2"})
    assert again.status_code == 302
    assert Allocation.objects.get(pk=allocation_b.pk).realised == Decimal("6000.00")


def test_a_removal_is_confirmed_and_refused_while_money_depends_on_it(
    officer, oab, pool, allocation_a
):
    response = officer.post(reverse("budgets:stream_delete", args=[oab.pk]), {"version": "1"})
    assert "Deze geldstroom heeft toekenningen of bijdragen; verwijder die eerst." in page_text(
        response
    )
    assert FundingStream.objects.filter(pk=oab.pk).exists()
    url = reverse("budgets:allocation_delete", args=[allocation_a.pk])
    assert "Verwijderen" in page_text(officer.get(url))
    response = officer.post(url, {"version": "1"})
    assert response["Location"] == reverse("budgets:allocation_list")
    assert not Allocation.objects.filter(pk=allocation_a.pk).exists()
    assert allocation_a.history.latest().history_type == "-"


def test_a_contribution_is_changed_on_its_pool(officer, pool, oab):
    contribution = Contribution.objects.get(pooled_budget=pool, stream=oab)
    url = reverse("budgets:contribution_update", args=[contribution.pk])
    response = officer.post(url, {"amount": "90.000", "version": "1"})
    assert response["Location"] == pool.get_absolute_url()
    text = page_text(officer.get(pool.get_absolute_url()))
    assert "€ 90.000,00" in text
    assert "€ 140.000,00" in text  # received in all


def test_a_missing_object_is_a_404_not_an_error(officer):
    for name in ("stream_update", "pool_detail", "contribution_update", "allocation_update"):
        assert officer.get(reverse(f"budgets:{name}", args=[999999])).status_code == 404


def test_a_stream_list_filters_and_exports_what_it_shows(officer, oab, youth, housing):
    text = page_text(officer.get(reverse("budgets:stream_list") + "?domain=youth"))
    assert "Jeugdhulp preventie" in text and "Onderwijsachterstandenbeleid" not in text
    export = officer.get(reverse("budgets:stream_list") + "?poolable=no&export=csv")
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("OHV;Onderwijshuisvesting;2026;Huisvesting")
    assert FundingStreamFactory._meta.model.objects.count() == 3


def goals_shown(text):
    """The goals a pooled budget's page names in its facts."""
    match = re.search(r"Doelen van de agenda</dt> <dd[^>]*>(.*?)</dd>", text)
    assert match, "no goals on the page"
    return match.group(1).strip()


def test_a_policy_officer_keeps_a_pooled_budget_and_the_goals_it_serves(officer, oab):
    first, second = (
        GoalFactory(statement="Meer peuters bereikt"),
        GoalFactory(statement="Minder uitval"),
    )
    response = officer.post(
        reverse("budgets:pool_create"),
        {"name": "Sterke start", "year": "2026", "description": "0–6 jaar", "goals": [first.pk]},
    )
    pool = PooledBudget.objects.get(name="Sterke start")
    assert response["Location"] == pool.get_absolute_url()
    text = page_text(officer.get(pool.get_absolute_url()))
    assert "0–6 jaar" in text
    assert goals_shown(text) == "Meer peuters bereikt"

    url = reverse("budgets:pool_update", args=[pool.pk])
    data = {"name": "Sterke start 0–6", "year": "2026", "goals": [second.pk], "version": "1"}
    assert officer.post(url, data)["Location"] == pool.get_absolute_url()
    text = page_text(officer.get(pool.get_absolute_url()))
    assert "Sterke start 0–6" in text
    assert goals_shown(text) == "Minder uitval"

    # Once a stream contributes, the year is that of the stream's money.
    ContributionFactory(pooled_budget=pool, stream=oab)
    response = officer.post(url, {**data, "year": "2027", "version": "2"})
    assert field_error(response, "year") == (
        "Dit ontschotte budget heeft al bijdragen of toekenningen in 2026, en de jaren moeten "
        "gelijk zijn; het jaar kan niet veranderen."
    )
    assert PooledBudget.objects.get(pk=pool.pk).year == 2026
    # Without changing the year, the rest can still change.
    assert officer.post(url, {**data, "name": "Sterke start", "version": "2"}).status_code == 302
    assert PooledBudget.objects.get(pk=pool.pk).goals.get() == second


def test_a_pooled_budget_is_removed_only_without_money_in_it(officer, pool):
    response = officer.post(reverse("budgets:pool_delete", args=[pool.pk]), {"version": "1"})
    assert (
        "Dit ontschotte budget heeft bijdragen of toekenningen; verwijder die eerst."
        in page_text(response)
    )
    assert PooledBudget.objects.filter(pk=pool.pk).exists()
    empty = PooledBudgetFactory(name="Leeg programma")
    response = officer.post(reverse("budgets:pool_delete", args=[empty.pk]), {"version": "1"})
    assert response["Location"] == reverse("budgets:pool_list")
    assert not PooledBudget.objects.filter(pk=empty.pk).exists()
