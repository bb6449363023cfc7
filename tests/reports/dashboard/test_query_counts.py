"""Each dashboard page asks the same number of queries for Voorbeeldstad as seed_demo makes it and
for the city-sized gemeente of `seed_demo --scale city` (100 wijken, 250 kindcentra, 1,500
agreements with 15,000 progress updates, 300 funding streams and 5,000 allocations)."""

import io

import pytest
from django.core.management import call_command

from agenda.models import Agreement, Theme
from kindportaal.models import User, Wijk
from tests.querycount import queries_for
from tests.reports.dashboard.helpers import dashboard, wijk_page

pytestmark = pytest.mark.django_db

# The user; the filters (periods, years, wijken, themes); the kindcentra (now, history,
# self-assessments); reach; the agenda (agreements, longest overdue, awaited answers, topics);
# the money (five for the overviews of the years; two for a wijk's); the goals with their
# measurements (two); the gemeente's norms and the wijken's boundaries for the overview and its
# map (two); the layout's gemeente and the unread notifications in its header; the places
# against children of the housing plan's outlook year for the tile and the map (five: the plan,
# the buildings, the projects, the forecasts and the places not housed; the wijken are the
# filters').
PINNED = {
    "dashboard": 29,
    "wijk": 28,
    "year_and_theme": 29,
    # The figure's queries and the download's record in the audit log (one insert).
    "download": 9,
}


def pages():
    akkers = Wijk.objects.get(name="De Akkers")
    theme = Theme.objects.filter(agenda__is_current=True).order_by("order").first()
    return {
        "dashboard": dashboard(),
        "wijk": wijk_page(akkers),
        "year_and_theme": dashboard(period=2026, theme=theme.pk),
        "download": "/dashboard/cijfers/fasen-per-jaar.csv",
    }


def counts(client):
    return {name: queries_for(client, url) for name, url in pages().items()}


@pytest.mark.slow
def test_the_query_counts_are_the_same_for_the_demo_and_for_a_city(demo, client_for):
    raadslid = User.objects.get(email="raad@example.org")
    assert counts(client_for(raadslid)) == PINNED
    call_command("seed_demo", "--scale", "city", stdout=io.StringIO())
    assert Wijk.objects.count() == 100
    assert Agreement.objects.count() > 1500
    # Seeding sets the demo password again, which ends the sessions: log in anew.
    raadslid.refresh_from_db()
    assert counts(client_for(raadslid)) == PINNED
