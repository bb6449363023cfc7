"""The capacity arithmetic (housing.capacity) at its edges, on plain facts."""

from housing.capacity import (
    CARRIED,
    CBS,
    FORECAST,
    UNKNOWN,
    BuildingFacts,
    Facts,
    Norm,
    ProjectFacts,
    WijkFacts,
    shortages,
    wijk_years,
)

NORM = Norm(childcare=40, school=100)
NOORD = WijkFacts(id=1, name="Noord", children_0_4=200, children_4_12=500, reference_year=2025)


def _row(facts, year, wijk_id=1, **kwargs):
    return next(row for row in wijk_years(facts, [year], NORM, **kwargs) if row.wijk_id == wijk_id)


def test_without_a_prognosis_the_cbs_count_is_carried_forward():
    facts = Facts(wijken=[NOORD], buildings=[BuildingFacts(1, 1, school_places=450)], projects=[])
    now, later = _row(facts, 2025), _row(facts, 2030)
    assert (now.basis, now.children_4_12) == (CBS, 500)
    assert (later.basis, later.children_4_12) == (CARRIED, 500)
    assert later.school_needed == 500
    assert later.school_gap == -50
    assert later.shortage


def test_a_prognosis_counts_in_its_year_and_is_carried_to_the_years_after_it():
    facts = Facts(
        wijken=[NOORD],
        buildings=[BuildingFacts(1, 1, school_places=450)],
        projects=[],
        forecasts={(1, 2028): (260, 420)},
    )
    assert _row(facts, 2027).children_4_12 == 500  # the CBS count, carried
    assert (_row(facts, 2028).basis, _row(facts, 2028).children_4_12) == (FORECAST, 420)
    assert _row(facts, 2031).children_4_12 == 420
    assert _row(facts, 2031).school_gap == 30
    # 260 children × 40 / 100 = 104 childcare places needed, none there.
    assert _row(facts, 2028).childcare_gap == -104


def test_needed_places_are_rounded_up():
    wijk = WijkFacts(id=1, name="Noord", children_0_4=101, children_4_12=0, reference_year=2025)
    facts = Facts(wijken=[wijk], buildings=[], projects=[])
    assert _row(facts, 2025).childcare_needed == 41  # 40.4 → 41


def test_a_wijk_without_children_has_no_shortage_and_one_unknown_has_no_gap():
    empty = WijkFacts(id=1, name="Haven", children_0_4=0, children_4_12=0, reference_year=2025)
    unknown = WijkFacts(id=2, name="Polder")
    facts = Facts(wijken=[empty, unknown], buildings=[], projects=[])
    row = _row(facts, 2030)
    assert (row.childcare_gap, row.school_gap, row.shortage) == (0, 0, False)
    other = _row(facts, 2030, wijk_id=2)
    assert (other.basis, other.childcare_gap, other.school_gap) == (UNKNOWN, None, None)
    assert not other.shortage


def test_childcare_places_count_in_the_wijk_of_the_building_they_are_housed_in():
    zuid = WijkFacts(id=2, name="Zuid", children_0_4=100, children_4_12=0, reference_year=2025)
    before = Facts(
        wijken=[NOORD, zuid],
        buildings=[BuildingFacts(1, 1, childcare_places=48), BuildingFacts(2, 2)],
        projects=[],
    )
    # The same location (48 places) moved to building 2 in Zuid.
    after = Facts(
        wijken=[NOORD, zuid],
        buildings=[BuildingFacts(1, 1), BuildingFacts(2, 2, childcare_places=48)],
        projects=[],
    )
    assert (_row(before, 2026).childcare_places, _row(before, 2026, 2).childcare_places) == (48, 0)
    assert (_row(after, 2026).childcare_places, _row(after, 2026, 2).childcare_places) == (0, 48)


def test_without_a_childcare_norm_nothing_is_needed_and_nothing_is_short():
    facts = Facts(wijken=[NOORD], buildings=[BuildingFacts(1, 1, school_places=500)], projects=[])
    row = wijk_years(facts, [2026], Norm(childcare=None, school=100))[0]
    assert (row.childcare_needed, row.childcare_gap, row.shortage) == (None, None, False)


def test_places_of_locations_in_no_building_count_in_their_own_wijk():
    facts = Facts(wijken=[NOORD], buildings=[], projects=[], loose_childcare={1: 30})
    assert _row(facts, 2026).childcare_places == 30


def test_a_project_changes_the_places_from_its_year_ready():
    facts = Facts(
        wijken=[NOORD],
        buildings=[BuildingFacts(1, 1, school_places=450)],
        projects=[ProjectFacts(1, 1, "extension", 2027, 2029, school_change=60)],
    )
    assert _row(facts, 2028).school_places == 450
    assert _row(facts, 2029).school_places == 510
    assert _row(facts, 2029, with_projects=False).school_places == 450


def test_a_project_that_ends_a_building_removes_its_places_from_its_year():
    facts = Facts(
        wijken=[NOORD],
        buildings=[
            BuildingFacts(1, 1, school_places=300, childcare_places=48),
            BuildingFacts(2, 1, school_places=200),
        ],
        projects=[ProjectFacts(1, 1, "demolition", 2029, 2030)],
    )
    assert (_row(facts, 2029).school_places, _row(facts, 2029).childcare_places) == (500, 48)
    assert (_row(facts, 2030).school_places, _row(facts, 2030).childcare_places) == (200, 0)


def test_a_new_build_after_a_demolition_on_the_same_building_counts_again():
    facts = Facts(
        wijken=[NOORD],
        buildings=[BuildingFacts(1, 1, school_places=300)],
        projects=[
            ProjectFacts(1, 1, "demolition", 2028, 2028),
            ProjectFacts(2, 1, "new_build", 2028, 2030, school_change=520),
        ],
    )
    assert _row(facts, 2029).school_places == 0
    assert _row(facts, 2030).school_places == 520


def test_temporary_housing_counts_only_while_it_stands_and_a_cancelled_project_never():
    facts = Facts(
        wijken=[NOORD],
        buildings=[BuildingFacts(1, 1, school_places=450)],
        projects=[
            ProjectFacts(1, 1, "temporary", 2027, 2028, school_change=40),
            ProjectFacts(2, 1, "extension", 2026, 2027, school_change=100, counts=False),
        ],
    )
    assert [_row(facts, year).school_places for year in (2026, 2027, 2028, 2029)] == [
        450,
        490,
        490,
        450,
    ]


def test_places_never_go_below_zero():
    facts = Facts(
        wijken=[NOORD],
        buildings=[BuildingFacts(1, 1, school_places=20)],
        projects=[ProjectFacts(1, 1, "renovation", 2027, 2027, school_change=-50)],
    )
    assert _row(facts, 2027).school_places == 0


def test_shortages_say_which_the_plan_closes_and_which_remain():
    noord = WijkFacts(id=1, name="Noord", children_0_4=0, children_4_12=500, reference_year=2025)
    zuid = WijkFacts(id=2, name="Zuid", children_0_4=0, children_4_12=400, reference_year=2025)
    facts = Facts(
        wijken=[noord, zuid],
        buildings=[BuildingFacts(1, 1, school_places=450), BuildingFacts(2, 2, school_places=300)],
        projects=[
            ProjectFacts(1, 1, "extension", 2027, 2029, school_change=60),
            ProjectFacts(2, 2, "extension", 2027, 2029, school_change=50),
        ],
    )
    found = {(c.wijk, c.kind): c for c in shortages(facts, [2030], NORM)}
    assert set(found) == {("Noord", "school"), ("Zuid", "school")}
    assert found["Noord", "school"].closed and not found["Noord", "school"].remains
    assert found["Zuid", "school"].remains and not found["Zuid", "school"].closed
    assert (found["Zuid", "school"].gap_without_plan, found["Zuid", "school"].gap_with_plan) == (
        -100,
        -50,
    )
