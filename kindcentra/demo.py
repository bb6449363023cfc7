"""Demo kindcentra of Voorbeeldstad with their self-assessments and the history of their phases,
and the city-sized set."""

import datetime

from django.utils import timezone

from kindcentra.models import (
    CRITERIA,
    Dimension,
    Kindcentrum,
    KindcentrumLocation,
    Phase,
    SelfAssessment,
)
from kindportaal.models import Wijk
from partners.demo import upsert
from partners.models import Location, Organisation

# name, wijk index, lead organisation (KvK), locations (names), phase, criteria, legal form,
# housing, IHP year, vision
KINDCENTRA = [
    (
        "Integraal Kindcentrum De Regenboog",
        0,
        "41234567",
        ["OBS De Regenboog", "Kinderdagverblijf Zonnestraal Centrum", "BSO Zonnestraal Centrum"],
        Phase.INTEGRAL,
        {
            "shared_vision",
            "one_team",
            "one_leadership",
            "one_building",
            "continuous_line",
            "vve_offer",
        },
        "foundation",
        "one_building",
        None,
        "Bij De Regenboog werken onderwijs en opvang als één team aan de ontwikkeling van elk "
        "kind van 0 tot 12 jaar, met één pedagogische visie en één leiding.",
    ),
    (
        "Kindcentrum Het Kompas",
        1,
        "41234567",
        ["OBS Het Kompas", "Peuterspeelzaal Het Kompas", "Wijkteam Oost"],
        Phase.KINDCENTRUM,
        {"shared_vision", "one_building", "continuous_line", "care_in_house", "vve_offer"},
        "cooperation_agreement",
        "one_building",
        None,
        "Het Kompas biedt een doorgaande lijn van peuter tot groep 8, met het wijkteam in huis.",
    ),
    (
        "Brede School Oosterkade",
        1,
        "41345678",
        ["Sint-Jozefschool", "KDV De Speeltuin Oosterpark", "BSO De Speeltuin Oosterpark"],
        Phase.COMMUNITY_SCHOOL,
        {"shared_vision", "vve_offer"},
        "covenant",
        "several_buildings",
        None,
        "School en opvang aan de Oosterkade stemmen hun activiteiten en de overdracht af.",
    ),
    (
        "Kindcentrum De Fontein",
        3,
        "41456789",
        [
            "CBS De Fontein",
            "Peuterspeelzaal De Fontein",
            "Kinderdagverblijf Zonnestraal De Akkers",
            "BSO Zonnestraal De Akkers",
            "Consultatiebureau De Akkers",
        ],
        Phase.KINDCENTRUM,
        {"shared_vision", "one_leadership", "continuous_line", "care_in_house", "vve_offer"},
        "cooperation_agreement",
        "planned",
        2027,
        "De Fontein groeit naar één kindcentrum in een nieuw gebouw (IHP 2027).",
    ),
    (
        "Samenwerking Havenkwartier",
        2,
        "41345678",
        ["Basisschool De Windroos", "Peuterspeelzaal De Windroos"],
        Phase.COOPERATION,
        {"vve_offer"},
        "covenant",
        "several_buildings",
        None,
        "",
    ),
    (
        "Kindcentrum De Zonnewijzer",
        5,
        "41456789",
        ["CBS De Zonnewijzer", "Peuterspeelzaal De Zonnewijzer"],
        Phase.COMMUNITY_SCHOOL,
        {"shared_vision", "continuous_line", "vve_offer"},
        "covenant",
        "planned",
        2029,
        "Peuterspeelzaal en school werken samen aan een sterke start in groep 1.",
    ),
]
# Self-assessment scores per kindcentrum for 2022–2025: a believable development over the years.
TRAJECTORIES = [
    [(2, 2, 2, 3, 2, 2), (3, 3, 2, 3, 3, 2), (3, 3, 3, 4, 3, 3), (4, 4, 4, 4, 3, 3)],
    [(2, 1, 1, 3, 2, 2), (2, 2, 2, 3, 3, 2), (3, 2, 2, 3, 3, 3), (3, 3, 3, 3, 4, 3)],
    [(1, 1, 1, 1, 1, 2), (2, 1, 1, 1, 2, 2), (2, 2, 1, 2, 2, 2), (3, 2, 2, 2, 2, 3)],
    [(2, 2, 1, 1, 2, 2), (2, 2, 2, 1, 3, 2), (3, 2, 3, 2, 3, 3), (3, 3, 3, 2, 4, 3)],
    [(1, 1, 1, 1, 1, 1), (1, 1, 1, 1, 1, 2), (2, 1, 1, 1, 2, 2), (2, 2, 1, 1, 2, 2)],
    [(2, 1, 1, 2, 1, 2), (2, 2, 1, 2, 2, 2), (3, 2, 2, 2, 2, 2), (3, 3, 2, 2, 3, 3)],
]
YEARS = [2022, 2023, 2024, 2025]
# How each came to its phase, in years before this one: (recorded since, in phase, [(moved in,
# to phase)]); the last move is to the phase above. Two moved up this year, so the council sees
# kindcentra develop and the dashboard's development over the years has a past.
PHASE_HISTORY = [
    (5, Phase.COMMUNITY_SCHOOL, [(3, Phase.KINDCENTRUM), (0, Phase.INTEGRAL)]),
    (4, Phase.COOPERATION, [(2, Phase.COMMUNITY_SCHOOL), (1, Phase.KINDCENTRUM)]),
    (5, Phase.COMMUNITY_SCHOOL, []),
    (3, Phase.COMMUNITY_SCHOOL, [(0, Phase.KINDCENTRUM)]),
    (2, Phase.SEPARATE, [(1, Phase.COOPERATION)]),
    (4, Phase.COOPERATION, [(2, Phase.COMMUNITY_SCHOOL)]),
]


def _moment(years_ago, month):
    """A moment `years_ago` years before this one; this year's is at most 30 days ago."""
    now = timezone.localtime()
    if years_ago == 0:
        start = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
        return max(start, now - datetime.timedelta(days=30))
    return now.replace(
        year=now.year - years_ago, month=month, day=1, hour=12, minute=0, second=0, microsecond=0
    )


def _record_phase_history(kindcentrum, since, first_phase, moves):
    """Give a kindcentrum just made a past: its first record moved back to `since` in
    `first_phase`, then a recorded change for every move. A kindcentrum with more history than
    its creation (seeded before, or changed since) is left as it is."""
    records = list(kindcentrum.history.all())
    if len(records) != 1:
        return
    made = _moment(since, 3)
    Kindcentrum.objects.filter(pk=kindcentrum.pk).update(created_at=made)
    record = records[0]
    record.history_date, record.phase, record.created_at = made, first_phase, made
    record.save()
    for years_ago, phase in moves:
        record.history_id = None
        record.history_type = "~"
        record.history_date, record.phase = _moment(years_ago, 9), phase
        record.save()


def _scores(values):
    return {
        f"{dimension}_score": value
        for dimension, value in zip(Dimension.values, values, strict=True)
    }


def seed(*, scale, stdout, rng):
    wijken = list(Wijk.objects.order_by("cbs_code")[:6])
    if not wijken:
        return
    for index, row in enumerate(KINDCENTRA):
        name, wijk, lead, location_names, phase, criteria, legal, housing, ihp, vision = row
        kindcentrum = upsert(
            Kindcentrum,
            name=name,
            defaults={
                "wijk": wijken[wijk % len(wijken)],
                "lead_organisation": Organisation.objects.get(kvk_number=lead),
                "phase": phase,
                "legal_form": legal,
                "housing": housing,
                "ihp_year": ihp,
                "vision": vision,
                **{criterion: criterion in criteria for criterion in CRITERIA},
            },
        )
        for location in Location.objects.filter(name__in=location_names):
            KindcentrumLocation.objects.get_or_create(
                location=location, defaults={"kindcentrum": kindcentrum}
            )
        for year, scores in zip(YEARS, TRAJECTORIES[index], strict=True):
            upsert(SelfAssessment, kindcentrum=kindcentrum, year=year, defaults=_scores(scores))
        _record_phase_history(kindcentrum, *PHASE_HISTORY[index])
    if scale == "city":
        seed_city(rng=rng, stdout=stdout)


CITY_KINDCENTRA = 250


def seed_city(*, rng, stdout):
    """About 250 kindcentra over the wijken, each with a few free locations and five years of
    self-assessments (bulk, no history)."""
    if Kindcentrum.objects.filter(name="Kindcentrum Stad 000").exists():
        return
    wijken = list(Wijk.objects.order_by("cbs_code"))
    free = list(
        Location.objects.filter(kindcentrum_membership__isnull=True)
        .select_related("organisation")
        .order_by("wijk_id", "pk")
    )
    by_wijk = {}
    for location in free:
        by_wijk.setdefault(location.wijk_id, []).append(location)
    kindcentra, memberships, assessments = [], [], []
    for number in range(CITY_KINDCENTRA):
        wijk = wijken[number % len(wijken)]
        pool = by_wijk.get(wijk.pk, [])
        members = [pool.pop() for _ in range(min(len(pool), rng.randint(2, 5)))]
        lead = next(
            (m.organisation for m in members if m.organisation.kind == "school_board"),
            members[0].organisation if members else None,
        )
        if lead is None:
            continue
        phase = rng.choice(Phase.values)
        criteria = set(rng.sample(CRITERIA, k=min(len(CRITERIA), phase + rng.randint(-1, 1))))
        kindcentrum = Kindcentrum(
            name=f"Kindcentrum Stad {number:03d}",
            wijk=wijk,
            lead_organisation=lead,
            phase=phase,
            legal_form="covenant",
            housing="several_buildings",
            **{criterion: criterion in criteria for criterion in CRITERIA},
        )
        kindcentra.append((kindcentrum, members))
    Kindcentrum.objects.bulk_create([k for k, _ in kindcentra], batch_size=500)
    for kindcentrum, members in kindcentra:
        memberships += [KindcentrumLocation(kindcentrum=kindcentrum, location=m) for m in members]
        level = rng.randint(1, 3)
        for year in range(2021, 2026):
            level = min(4, level + (1 if rng.random() < 0.4 else 0))
            values = [max(1, min(4, level + rng.randint(-1, 0))) for _ in Dimension.values]
            assessments.append(
                SelfAssessment(kindcentrum=kindcentrum, year=year, **_scores(values))
            )
    KindcentrumLocation.objects.bulk_create(memberships, batch_size=1000)
    SelfAssessment.objects.bulk_create(assessments, batch_size=1000)
    stdout.write(f"  city: {len(kindcentra)} kindcentra, {len(assessments)} self-assessments")
