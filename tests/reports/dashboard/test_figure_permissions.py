"""Every download of the dashboard, for every persona: the money figures answer only those who may
read the budgets, and no figure a partner director may download reveals another organisation's
allocation — in a wijk with a single allocation, whose amount any sum of that wijk's money
would show."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from budgets.permissions import can_read_budgets
from reports import figures
from tests.budgets.factories import AllocationFactory, FundingStreamFactory
from tests.kindcentra.factories import KindcentrumFactory
from tests.kindportaal.factories import WijkFactory

pytestmark = pytest.mark.postgres

AMOUNT = Decimal("98765.43")
TRACES = ("98765", "98.765", "98,765")


@pytest.fixture
def lone_allocation(organisation_b):
    """One allocation, to organisation B, in a wijk with nothing else."""
    wijk = WijkFactory(name="Eenzaam")
    kindcentrum = KindcentrumFactory(wijk=wijk, name="Kindcentrum Alleen")
    year = timezone.localdate().year
    AllocationFactory(
        stream=FundingStreamFactory(year=year, amount=Decimal("200000.00")),
        organisation=organisation_b,
        kindcentrum=kindcentrum,
        budgeted=AMOUNT,
        realised=AMOUNT,
    )
    return wijk


def downloads(wijk):
    """(slug, URL) of every figure's download, on the page it is shown on."""
    for figure in figures.FIGURES:
        url = reverse("reports:figure_csv", args=[figure.slug])
        if figure.where == figures.WIJK:
            url += f"?wijk={wijk.pk}"
        yield figure, url


def test_every_download_follows_the_rule_of_the_records_it_sums(
    personas, client_for, lone_allocation
):
    revealed = {}
    for name, user in personas.items():
        if user is None:
            continue
        client = client_for(user)
        for figure, url in downloads(lone_allocation):
            response = client.get(url)
            if figure.section in figures.BUDGET_SECTIONS and not can_read_budgets(user):
                assert response.status_code == 403, (name, figure.slug, response.status_code)
                continue
            assert response.status_code in (200, 404), (name, figure.slug, response.status_code)
            body = b"".join(response.streaming_content) if response.streaming else b""
            if any(trace.encode() in body for trace in TRACES):
                revealed.setdefault(name, []).append(figure.slug)

    # The wijk's money shows the lone allocation to whoever may read the budgets ...
    assert "geld-wijk-per-jaar" in revealed["council_member"]
    assert "geld-wijk-per-jaar" in revealed["policy_officer"]
    # ... and nothing of it to a partner director, of either organisation, nor to the beheerder.
    assert "director_a" not in revealed and "director_b" not in revealed
    assert "administrator" not in revealed
