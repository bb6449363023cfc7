"""The numbers a raadslid reads on the dashboard are the numbers of the portal: each table under a
chart is checked against counts and sums made here, record by record, from Voorbeeldstad's demo
data; and each CSV download holds exactly the numbers of its table."""

import datetime
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.utils import timezone

from agenda.models import Agenda, Agreement, Confirmation, StatutoryTopic
from budgets.models import Allocation, Contribution, Domain, FundingStream
from kindcentra.models import Dimension, Kindcentrum, Phase, SelfAssessment
from kindportaal.models import Wijk
from partners.models import Location
from tests.conftest import TEST_NOW
from tests.reports.dashboard.helpers import (
    csv_rows,
    dashboard,
    download_links,
    figure,
    number,
    tables,
    text_of,
    wijk_page,
)

pytestmark = pytest.mark.django_db

OPEN = {"draft", "proposed", "adopted", "in_progress"}
THIS_YEAR = TEST_NOW.year  # the suite's clock (tests/conftest.py)


def per_100(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def share(part, whole):
    return per_100(part, whole)


def test_the_kindcentra_by_phase_per_wijk_and_their_self_assessments(reader):
    page = reader.get(dashboard())
    active = [k for k in Kindcentrum.objects.all() if k.is_active]
    assert len(active) == Kindcentrum.objects.count() - 1

    phases = figure(page, "Kindcentra in de gemeente per fase")
    for value, label in Phase.choices:
        assert phases[str(label)] == [sum(1 for k in active if k.phase == value)]

    per_wijk = figure(page, "Kindcentra per wijk en fase")
    for wijk in Wijk.objects.all():
        here = [k for k in active if k.wijk_id == wijk.pk]
        assert per_wijk[wijk.name] == [
            *[sum(1 for k in here if k.phase == value) for value in Phase.values],
            len(here),
        ]

    # The demo's kindcentra have a recorded past (kindcentra/demo.py PHASE_HISTORY): the last
    # five years, from four kindcentra four years ago (two in cooperation, two community
    # schools) to today's phases; two moved up a phase this year.
    over_years = figure(page, "Kindcentra in de gemeente per fase door de jaren")
    assert list(over_years)[1:] == [str(year) for year in range(THIS_YEAR - 4, THIS_YEAR + 1)]
    assert over_years[str(THIS_YEAR - 4)] == [0, 2, 2, 0, 0]
    assert over_years[str(THIS_YEAR)] == [
        sum(1 for k in active if k.phase == value) for value in Phase.values
    ]
    assert f"2 in {THIS_YEAR} een fase verder" in text_of(page)

    scores = figure(page, "Zelfevaluaties in de gemeente: gemiddelde scores per jaar")
    assert list(scores)[1:] == [str(year) for year in range(THIS_YEAR - 4, THIS_YEAR + 1)]
    for year in range(THIS_YEAR - 4, THIS_YEAR + 1):
        of_year = [a for a in SelfAssessment.objects.all() if a.year == year]
        expected = [
            (Decimal(sum(getattr(a, f"{d}_score") for a in of_year)) / len(of_year)).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
            if of_year
            else None
            for d in Dimension.values
        ]
        assert scores[str(year)] == expected
    assert scores[str(THIS_YEAR - 1)] != [None] * 6


def test_the_reach_per_wijk_counts_active_locations_against_the_children(reader):
    page = reader.get(dashboard())
    rows = figure(page, "Bereik per wijk")
    locations = [loc for loc in Location.objects.all() if loc.is_active and loc.wijk_id]
    totals = Counter()
    for wijk in Wijk.objects.all():
        here = [loc for loc in locations if loc.wijk_id == wijk.pk]
        vve = sum(loc.capacity or 0 for loc in here if loc.vve_certified)
        childcare = sum(loc.capacity or 0 for loc in here if loc.kind in ("day_care", "preschool"))
        pupils = sum(
            loc.pupils or 0 for loc in here if loc.kind in ("primary_school", "special_education")
        )
        assert rows[wijk.name] == [
            wijk.children_0_4,
            vve,
            per_100(vve, wijk.children_0_4),
            childcare,
            per_100(childcare, wijk.children_0_4),
            wijk.children_4_12,
            pupils,
            per_100(pupils, wijk.children_4_12),
        ]
        totals.update(vve=vve, childcare=childcare, pupils=pupils)
        totals.update(young=wijk.children_0_4, older=wijk.children_4_12)
    assert rows["De Akkers"][1] > 0  # the inactive location's 500 places are left out
    gemeente = figure(page, "Bereik in de gemeente per 100 kinderen")
    assert gemeente["VVE-plaatsen per 100 kinderen van 0–4"] == [
        per_100(totals["vve"], totals["young"])
    ]
    assert gemeente["Leerlingen per 100 kinderen van 4–12"] == [
        per_100(totals["pupils"], totals["older"])
    ]


def _realised_on(agreement):
    first = agreement.history.filter(status="realised").order_by("history_date").first()
    if first is not None:
        return timezone.localtime(first.history_date).date()
    return agreement.last_progress_on or agreement.due_date


def test_the_agenda_per_theme_by_status_health_and_overdue(reader):
    page = reader.get(dashboard())
    agenda = Agenda.objects.get(is_current=True)
    agreements = list(Agreement.objects.filter(theme__agenda=agenda).select_related("theme"))
    today = timezone.localdate()
    statuses = figure(page, "Afspraken per thema en status")
    health = figure(page, "Vastgestelde en lopende afspraken per thema en koers")
    overdue = figure(page, "Verlopen afspraken per thema")
    for theme in agenda.themes.all():
        mine = [a for a in agreements if a.theme_id == theme.pk]
        assert statuses[theme.title] == [
            sum(1 for a in mine if a.status == s)
            for s in ("draft", "proposed", "adopted", "in_progress", "realised", "lapsed")
        ]
        running = [a for a in mine if a.status in ("adopted", "in_progress")]
        assert health[theme.title] == [
            sum(1 for a in running if a.health == h)
            for h in ("on_track", "at_risk", "off_track", "")
        ]
        assert overdue[theme.title] == [
            sum(1 for a in mine if a.status in OPEN and a.due_date < today)
        ]
    longest = tables(page)["De afspraak die het langst verlopen is"]
    assert [row[0] for row in longest[1:]] == [
        a.title
        for a in sorted(agreements, key=lambda a: a.due_date)
        if a.status in OPEN and a.due_date < today
    ]


def test_the_share_realised_per_quarter(reader):
    page = reader.get(dashboard())
    agenda = Agenda.objects.get(is_current=True)
    agreements = [
        a
        for a in Agreement.objects.filter(theme__agenda=agenda)
        if a.status not in ("draft", "lapsed")
    ]
    quarters = figure(page, "Aandeel gerealiseerde afspraken per kwartaal")
    today = timezone.localdate()
    assert any(a.status == "realised" for a in agreements)
    checked = 0
    for year in range(agenda.start_year, today.year + 1):
        for quarter in range(1, 5):
            start = datetime.date(year, 3 * quarter - 2, 1)
            if start > today:
                continue
            end = min(
                (
                    datetime.date(year + 1, 1, 1)
                    if quarter == 4
                    else datetime.date(year, 3 * quarter + 1, 1)
                )
                - datetime.timedelta(days=1),
                today,
            )
            started = [a for a in agreements if a.start_date <= end]
            realised = [a for a in started if a.status == "realised" and _realised_on(a) <= end]
            due = [a for a in started if a.due_date <= end]
            assert quarters[f"K{quarter} {year}"] == [
                share(len(realised), len(started)),
                share(len(due), len(started)),
            ]
            checked += 1
    assert checked == len(quarters) - 1


def test_statutory_topics_and_the_answers_still_awaited(reader):
    page = reader.get(dashboard())
    agenda = Agenda.objects.get(is_current=True)
    agreements = list(Agreement.objects.filter(theme__agenda=agenda))
    topics = figure(page, "Wettelijke onderwerpen: de thema's en afspraken die ze dekken")
    uncovered = []
    for topic in StatutoryTopic.objects.all():
        themes = sum(1 for t in agenda.themes.all() if topic in t.statutory_topics.all())
        covering = sum(
            1 for a in agreements if a.status != "lapsed" and topic in a.statutory_topics.all()
        )
        assert topics[topic.title] == [themes, covering]
        if not themes and not covering:
            uncovered.append(topic.title)
    assert uncovered
    text = page.content.decode()
    for title in uncovered:
        assert title in text.split("Niet gedekt door een thema of afspraak")[1]

    waiting = Counter()
    for agreement in agreements:
        if agreement.status != "proposed":
            continue
        answered = {
            c.organisation_id
            for c in Confirmation.objects.filter(
                version__agreement=agreement, version__number=agreement.revision
            )
        }
        for party in agreement.parties.all():
            if party.pk not in answered:
                waiting[party.name] += 1
    pending = figure(page, "Voorgestelde afspraken die wachten op het antwoord van een organisatie")
    assert {name: values[0] for name, values in pending.items() if name} == dict(waiting)


def test_the_money_per_year_and_per_domain(reader):
    page = reader.get(dashboard())
    agenda = Agenda.objects.get(is_current=True)
    years = range(agenda.start_year, agenda.end_year + 1)
    links = download_links(page)
    per_year = {row[0]: row[1:] for row in csv_rows(reader.get(links["Geld per jaar"]))}
    for year in years:
        streams = list(FundingStream.objects.filter(year=year))
        allocations = list(Allocation.objects.filter(year=year))
        if not streams:
            assert per_year[str(year)] == ["", "", "", ""]
            continue
        expected = [
            sum(s.amount for s in streams),
            sum(c.amount for c in Contribution.objects.filter(stream__year=year)),
            # Every cent of a pool's allocation is attributed to its streams: the totals add up.
            sum(a.budgeted for a in allocations),
            sum(a.realised for a in allocations),
        ]
        assert [number(value) for value in per_year[str(year)]] == expected

    # Per domain, exactly pro rata (the page rounds each allocation's shares to the cent).
    exact = defaultdict(Fraction)
    pooled_allocations = Counter()
    for allocation in Allocation.objects.filter(year__in=years).select_related("stream"):
        if allocation.stream is not None:
            exact[allocation.stream.domain] += Fraction(allocation.budgeted)
            continue
        contributions = list(allocation.pooled_budget.contributions.select_related("stream"))
        received = sum(c.amount for c in contributions)
        for contribution in contributions:
            exact[contribution.stream.domain] += (
                Fraction(allocation.budgeted) * Fraction(contribution.amount) / Fraction(received)
            )
            pooled_allocations[contribution.stream.domain] += 1
    by_domain = {
        row[0]: row[1:] for row in csv_rows(reader.get(links["Budgetten LEA 2025–2028 per domein"]))
    }
    labels = dict(Domain.choices)
    for domain, amount in exact.items():
        shown = number(by_domain[str(labels[domain])][1])
        assert abs(Fraction(shown) - amount) <= Fraction(pooled_allocations[domain], 100)


def test_every_download_holds_the_numbers_of_its_table(reader):
    wijk = Wijk.objects.get(name="De Akkers")
    for url in (dashboard(), wijk_page(wijk)):
        page = reader.get(url)
        links = download_links(page)
        assert len(links) >= 11
        for title, link in links.items():
            if title.startswith("Kaart van de wijken"):
                continue  # names its classes in words: test_overview checks it
            shown = figure(page, title)
            download = reader.get(link)
            assert download["Content-Type"] == "text/csv; charset=utf-8"
            rows = csv_rows(download)
            assert rows[0][1:] == shown[None], title
            assert [row[0] for row in rows[1:]] == [key for key in shown if key], title
            for row in rows[1:]:
                for value, on_page in zip(row[1:], shown[row[0]], strict=True):
                    if on_page is None:
                        assert value == "", (title, row)
                    else:
                        exponent = Decimal(1).scaleb(on_page.as_tuple().exponent)
                        rounded = number(value).quantize(exponent, rounding=ROUND_HALF_UP)
                        assert rounded == on_page, (title, row)


def test_a_wijk_page_holds_its_kindcentra_its_reach_its_agreements_and_its_money(reader):
    wijk = Wijk.objects.get(name="De Akkers")
    page = reader.get(wijk_page(wijk))
    kindcentra = [k for k in Kindcentrum.objects.filter(wijk=wijk) if k.is_active]
    listed = tables(page)["Kindcentra in De Akkers"]
    assert sorted(row[0] for row in listed[1:]) == sorted(
        k.name for k in Kindcentrum.objects.filter(wijk=wijk)
    )
    assert figure(page, "Kindcentra in De Akkers per fase")["Kindcentrum"] == [
        sum(1 for k in kindcentra if k.phase == Phase.KINDCENTRUM)
    ]

    here = [loc for loc in Location.objects.filter(wijk=wijk) if loc.is_active]
    reach = figure(page, "Bereik in De Akkers per 100 kinderen")
    assert reach[None] == ["De Akkers", "De hele gemeente"]
    vve = sum(loc.capacity or 0 for loc in here if loc.vve_certified)
    assert reach["VVE-plaatsen per 100 kinderen van 0–4"][0] == per_100(vve, wijk.children_0_4)

    agenda = Agenda.objects.get(is_current=True)
    in_wijk = [
        a
        for a in Agreement.objects.filter(theme__agenda=agenda)
        if wijk in a.wijken.all() or any(k.wijk_id == wijk.pk for k in a.kindcentra.all())
    ]
    assert in_wijk
    statuses = figure(page, "Afspraken per thema en status")
    assert sum(sum(values) for key, values in statuses.items() if key) == len(in_wijk)

    money = figure(page, "Geld naar de kindcentra van De Akkers per jaar")
    for year in range(agenda.start_year, agenda.end_year + 1):
        allocations = list(Allocation.objects.filter(year=year, kindcentrum__wijk=wijk))
        if not allocations:
            assert money[str(year)] == [None, None, None]
            continue
        budgeted = sum(a.budgeted for a in allocations)
        pooled = sum(a.budgeted for a in allocations if a.pooled_budget_id)
        realised = sum(a.realised for a in allocations)
        assert money[str(year)] == [
            value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
            for value in (budgeted, pooled, realised)
        ]
