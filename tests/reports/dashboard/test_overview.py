"""The overview at the top of the dashboard: headline tiles for one period, the money of one
year only (and only for who may read the budgets), and the map of the wijken with a link and a
text alternative per wijk, a legend and the same numbers as a table."""

import re

import pytest
from django.db.models import Sum
from django.urls import reverse

from agenda.models import Goal
from budgets.models import Allocation, FundingStream
from kindportaal.formatting import euro
from kindportaal.models import User, Wijk
from reports.filters import read_filters
from tests.reports.dashboard.helpers import tables

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def money(amount):
    return euro(amount, 0).replace("\u00a0", " ")


def test_the_tiles_give_the_money_of_one_year_not_the_sum_of_the_period(reader):
    response = reader.get(reverse("reports:dashboard"))
    year = read_filters({}).scope.headline_year
    tiles = response.content.decode().split('class="kp-tiles"')[1].split('class="kp-map-panel"')[0]
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tiles))
    assert f"Geld in {year}" in page
    available = FundingStream.objects.filter(year=year).aggregate(s=Sum("amount"))["s"]
    budgeted = Allocation.objects.filter(year=year).aggregate(s=Sum("budgeted"))["s"]
    assert f"Beschikbaar {money(available)}" in page
    assert f"Begroot {money(budgeted)}" in page
    everything = FundingStream.objects.aggregate(s=Sum("amount"))["s"]
    assert everything != available
    assert money(everything) not in page


def test_each_tile_links_to_its_section(reader):
    html = reader.get(reverse("reports:dashboard")).content.decode()
    overview = html.split('class="kp-overview"')[1].split('class="kp-map-panel"')[0]
    links = re.findall(r'href="#([a-z]+)"', overview)
    assert links == ["goals", "kindcentra", "reach", "agenda", "money"]
    for anchor in links:
        assert f'id="{anchor}"' in html


def test_the_goals_tile_counts_the_verdicts_of_the_goal_pages(reader):
    page = text(reader.get(reverse("reports:dashboard")))
    goals = Goal.objects.filter(theme__agenda__is_current=True).count()
    assert re.search(rf"\d+ van {goals} doelen op koers of bereikt", page)
    for goal in Goal.objects.filter(theme__agenda__is_current=True):
        assert goal.statement in page


def test_a_partner_director_sees_no_money_figure(demo, client_for):
    director = client_for(User.objects.get(email="bestuurder@example.org"))
    response = director.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert "Geld in" not in text(response)
    assert 'id="money"' not in response.content.decode()
    akkers = Wijk.objects.get(name="De Akkers")
    assert "Begroot" not in text(director.get(reverse("reports:wijk", args=[akkers.pk])))
    download = reverse("reports:figure_csv", args=["geld-per-jaar"])
    assert director.get(download).status_code == 403


def map_links(response):
    svg = response.content.decode().split('<svg xmlns="http://www.w3.org/2000/svg" class="kp-map"')[
        1
    ]
    svg = svg.split("</svg>")[0]
    return dict(re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)), svg


def test_every_wijk_on_the_map_links_to_its_page_and_says_its_value(reader):
    response = reader.get(reverse("reports:dashboard"))
    links, _svg = map_links(response)
    assert len(links) == Wijk.objects.count()
    rows = tables(response)["Kaart van de wijken: VVE-plaatsen per 100 kinderen van 0–4"]
    assert rows[0] == ["Wijk", "VVE-plaatsen per 100 kinderen van 0–4", "Klasse"]
    for wijk in Wijk.objects.all():
        url = reverse("reports:wijk", args=[wijk.pk])
        label = next(label for href, label in links.items() if href.split("?")[0] == url)
        row = next(row for row in rows[1:] if row[0] == wijk.name)
        # The text alternative and the table agree: name, value and class.
        assert label == f"{wijk.name}: {row[1]} ({row[2]})"
    legend = response.content.decode().split('class="kp-map-legend"')[1].split("</ul>")[0]
    assert "minder dan 2,5" in legend and "5,0 of meer" in legend


def test_the_reader_picks_what_the_map_shows(reader):
    response = reader.get(reverse("reports:dashboard"), {"kaart": "fase"})
    links, _svg = map_links(response)
    assert any("Integraal kindcentrum" in label for label in links.values())
    assert "Kaart van de wijken: Fase van de kindcentra" in tables(response)
    response = reader.get(reverse("reports:dashboard"), {"kaart": "risico"})
    assert "Kaart van de wijken: Afspraken met risico of achter" in tables(response)
    csv = reader.get(reverse("reports:figure_csv", args=["kaart"]), {"kaart": "risico"})
    assert csv.status_code == 200
    assert "De Akkers" in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_a_wijk_page_shows_its_own_wijk_highlighted(reader):
    akkers = Wijk.objects.get(name="De Akkers")
    response = reader.get(reverse("reports:wijk", args=[akkers.pk]))
    _links, svg = map_links(response)
    current = re.findall(r'<a href="([^"]+)" aria-label="[^"]+" aria-current="page"', svg)
    assert [href.split("?")[0] for href in current] == [reverse("reports:wijk", args=[akkers.pk])]
    assert "De Akkers heeft een dikke gestippelde rand." in text(response)
