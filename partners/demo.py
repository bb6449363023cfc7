"""Demo organisations and locations of Voorbeeldstad, and the city-sized network for benchmarks."""

import datetime
import json
from pathlib import Path

from allauth.account.models import EmailAddress

from kindportaal.models import User, Wijk
from partners.models import (
    Location,
    LocationKind,
    Membership,
    Organisation,
    OrganisationKind,
    RegisterSource,
)
from partners.registers.applying import apply_plan
from partners.registers.planning import plan
from partners.registers.reading import read_table

# The demo's wijk boundaries, as PDOK publishes the CBS wijk and buurt map (a fictional town).
BOUNDARIES = Path(__file__).parent / "registers" / "samples" / "pdok_wijken_voorbeeldstad.geojson"
BOUNDARIES_DATE = datetime.date(2025, 1, 1)

# name, kind, KvK, DUO board number, e-mail domain
# fmt: off
ORGANISATIONS = [
    ("Stichting Openbaar Primair Onderwijs Voorbeeldstad", "school_board", "41234567", "41234", "sopov.nl"),
    ("Stichting Katholiek Onderwijs De Waarden", "school_board", "41345678", "41567", "dewaarden.nl"),
    ("Vereniging Christelijk Basisonderwijs Voorbeeldstad", "school_board", "41456789", "42890", "cbo-voorbeeldstad.nl"),
    ("Kinderopvang Zonnestraal", "childcare", "52345678", "", "zonnestraal-kinderopvang.nl"),
    ("Stichting Peuterwerk Voorbeeldstad", "childcare", "52456789", "", "peuterwerk-voorbeeldstad.nl"),
    ("KDV en BSO De Speeltuin", "childcare", "52567890", "", "despeeltuin.nl"),
    ("Jeugdhulp Voorbeeldstad", "youth_care", "61234567", "", "jeugdhulpvoorbeeldstad.nl"),
    ("Stichting Jeugdzorg De Brug", "youth_care", "61345678", "", "jeugdzorgdebrug.nl"),
    ("GGD Regio Voorbeeld", "youth_health", "71234567", "", "ggdregiovoorbeeld.nl"),
    ("Welzijn Voorbeeldstad", "welfare", "81234567", "", "welzijnvoorbeeldstad.nl"),
    ("Gemeente Voorbeeldstad", "municipality", "91234567", "", "voorbeeldstad.nl"),
]
# fmt: on

# organisation index, kind, name, code (school code or LRK), wijk index, street, number,
# postcode, places or pupils, VVE, ages
# fmt: off
LOCATIONS = [
    (0, "primary_school", "OBS De Regenboog", "12AB00", 0, "Kerkstraat", "12", "1011 AB", 312, True, (4, 12)),
    (0, "primary_school", "OBS Het Kompas", "12AB01", 1, "Parklaan", "3", "1021 CD", 245, True, (4, 12)),
    (0, "special_education", "SBO De Springplank", "12AB02", 3, "Akkerweg", "40", "1041 EF", 118, False, (4, 12)),
    (1, "primary_school", "Sint-Jozefschool", "14CD00", 1, "Oosterkade", "88", "1022 GH", 398, True, (4, 12)),
    (1, "primary_school", "Basisschool De Windroos", "14CD01", 2, "Havenweg", "7", "1031 JK", 276, False, (4, 12)),
    (2, "primary_school", "CBS De Fontein", "17EF00", 3, "Akkerweg", "2", "1041 LM", 421, True, (4, 12)),
    (2, "primary_school", "CBS Het Kompas Noord", "17EF01", 4, "Noordsingel", "19", "1051 NP", 198, False, (4, 12)),
    (2, "primary_school", "CBS De Zonnewijzer", "17EF02", 5, "Zuidwal", "55", "1061 RS", 162, True, (4, 12)),
    (3, "day_care", "Kinderdagverblijf Zonnestraal Centrum", "123456781", 0, "Kerkstraat", "14", "1011 AB", 130, False, (0, 4)),
    (3, "out_of_school_care", "BSO Zonnestraal Centrum", "123456782", 0, "Kerkstraat", "14a", "1011 AB", 80, False, (4, 12)),
    (3, "day_care", "Kinderdagverblijf Zonnestraal De Akkers", "123456783", 3, "Akkerweg", "4", "1041 LM", 150, False, (0, 4)),
    (3, "out_of_school_care", "BSO Zonnestraal De Akkers", "123456784", 3, "Akkerweg", "4b", "1041 LM", 110, False, (4, 12)),
    (3, "day_care", "Kinderdagverblijf Zonnestraal Akkerhof", "123456785", 3, "Akkerhof", "1", "1041 LP", 200, False, (0, 4)),
    (3, "day_care", "Kinderdagverblijf Zonnestraal Zuidrand", "123456786", 5, "Zuidwal", "61", "1061 RS", 96, False, (0, 4)),
    (4, "preschool", "Peuterspeelzaal Het Kompas", "234567891", 1, "Parklaan", "5", "1021 CD", 32, True, (2, 4)),
    (4, "preschool", "Peuterspeelzaal De Fontein", "234567892", 3, "Akkerweg", "2a", "1041 LM", 32, True, (2, 4)),
    (4, "preschool", "Peuterspeelzaal De Windroos", "234567893", 2, "Havenweg", "9", "1031 JK", 16, True, (2, 4)),
    (4, "preschool", "Peuterspeelzaal De Zonnewijzer", "234567894", 5, "Zuidwal", "57", "1061 RS", 16, True, (2, 4)),
    (5, "day_care", "KDV De Speeltuin Oosterpark", "345678911", 1, "Oosterkade", "90", "1022 GH", 48, True, (0, 4)),
    (5, "out_of_school_care", "BSO De Speeltuin Oosterpark", "345678912", 1, "Oosterkade", "90a", "1022 GH", 60, False, (4, 12)),
    (5, "out_of_school_care", "BSO De Speeltuin Noord", "345678913", 4, "Noordsingel", "21", "1051 NP", 40, False, (4, 12)),
    (5, "day_care", "KDV De Speeltuin Westhaven", "345678915", 2, "Havenweg", "15", "1031 JK", 184, False, (0, 4)),
    (5, "day_care", "KDV De Speeltuin Noorderveld", "345678916", 4, "Noordsingel", "23", "1051 NP", 168, False, (0, 4)),
    (5, "childminding_agency", "Gastouderbureau De Speeltuin", "345678914", 0, "Marktplein", "1", "1011 CE", None, False, (0, 12)),
    (6, "youth_team", "Wijkteam Centrum-West", "", 0, "Marktplein", "3", "1011 CE", None, False, (0, 18)),
    (6, "youth_team", "Wijkteam Oost", "", 1, "Oosterkade", "60", "1022 GJ", None, False, (0, 18)),
    (6, "youth_team", "Wijkteam Noord-Zuid", "", 4, "Noordsingel", "1", "1051 NR", None, False, (0, 18)),
    (7, "other", "Jeugdzorg De Brug – ambulante hulp", "", 2, "Havenweg", "30", "1031 JL", None, False, (0, 18)),
    (8, "youth_health_centre", "Consultatiebureau Centrum", "", 0, "Kerkstraat", "20", "1011 AC", None, False, (0, 4)),
    (8, "youth_health_centre", "Consultatiebureau De Akkers", "", 3, "Akkerweg", "6", "1041 LN", None, False, (0, 4)),
]
# fmt: on

DIRECTOR_EMAIL = "bestuurder@example.org"
# More partner directors, each for one organisation (all with the demo password).
DIRECTORS = [
    ("directeur.dewaarden@example.org", "Marieke Jansen", 1),
    ("directeur.zonnestraal@example.org", "Ahmed Benali", 3),
    ("directeur.peuterwerk@example.org", "Els van Dijk", 4),
    ("directeur.jeugdhulp@example.org", "Tom Hendriks", 6),
]

NOUNS = [
    "Regenboog",
    "Vlinder",
    "Zonnebloem",
    "Horizon",
    "Kameleon",
    "Klimop",
    "Windroos",
    "Fontein",
    "Schakel",
    "Springplank",
    "Wereldwijzer",
    "Ontdekking",
    "Sterrenwacht",
    "Vuurtoren",
    "Kompas",
    "Tuimelaar",
    "Boomgaard",
    "Eikenhof",
    "Linde",
    "Wilg",
    "Duinroos",
    "Meander",
    "Bongerd",
    "Kastanje",
    "Zeester",
    "Notenkraker",
    "Parel",
    "Toverfluit",
    "Piramide",
    "Octopus",
]


def _differs(obj, name, value):
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != getattr(value, "pk", value)
    return getattr(obj, name) != field.to_python(value)


def upsert(model, *, defaults, **lookup):
    """Like update_or_create, but saves (and so records a change) only when something differs:
    running seed_demo again leaves the demo's history as it was."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **defaults)
    changed = [name for name, value in defaults.items() if _differs(obj, name, value)]
    for name in changed:
        setattr(obj, name, defaults[name])
    if changed:
        obj.save(update_fields=changed)
    return obj


def seed(*, scale, stdout, rng):
    from django.conf import settings

    wijken = list(Wijk.objects.order_by("cbs_code")[:6])
    organisations = []
    for name, kind, kvk, duo, domain in ORGANISATIONS:
        organisation = upsert(
            Organisation,
            kvk_number=kvk,
            defaults={
                "name": name,
                "kind": kind,
                "duo_board_number": duo,
                "email": f"info@{domain}",
                "website": f"https://www.{domain}",
                "phone": f"010 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            },
        )
        organisations.append(organisation)
    for org, kind, name, code, wijk, street, number, postcode, count, vve, ages in LOCATIONS:
        is_school = kind in ("primary_school", "special_education")
        upsert(
            Location,
            organisation=organisations[org],
            name=name,
            defaults={
                "kind": kind,
                "school_code": code if is_school else "",
                "lrk_number": code if not is_school else "",
                "street": street,
                "house_number": number,
                "postcode": postcode,
                "city": "Voorbeeldstad",
                "wijk": _wijk_at(wijken, wijk),
                "pupils": count if is_school else None,
                "capacity": None if is_school else count,
                "count_reference_date": "2025-10-01" if count else None,
                "vve_certified": vve,
                "age_from": ages[0],
                "age_to": ages[1],
            },
        )
    director = User.objects.filter(email=DIRECTOR_EMAIL).first()
    if director is not None:
        Membership.objects.get_or_create(user=director, organisation=organisations[0])
    for email, full_name, org in DIRECTORS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "role": "partner_director"}
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Membership.objects.get_or_create(user=user, organisation=organisations[org])
    if scale == "city":
        seed_city(rng=rng, stdout=stdout)
    seed_boundaries(scale=scale, rng=rng)


def city_boundaries(codes, rng):
    """A GeoJSON of a grid of wijken, one cell per code, its corners shifted a little so the
    city looks like one; the cells share their corners, so the wijken fit together."""
    side = 10
    cell = 1200
    corners = {
        (column, row): (
            140000 + column * cell + (rng.randint(-250, 250) if 0 < column < side else 0),
            445000 + row * cell + (rng.randint(-250, 250) if 0 < row < side else 0),
        )
        for column in range(side + 1)
        for row in range(side + 1)
    }
    features = []
    for number, code in enumerate(codes):
        column, row = number % side, side - 1 - number // side
        ring = [
            corners[(column, row)],
            corners[(column + 1, row)],
            corners[(column + 1, row + 1)],
            corners[(column, row + 1)],
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {"wijkcode": code, "gemeentecode": "GM" + code[2:6]},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[list(p) for p in [*ring, ring[0]]]],
                },
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def seed_boundaries(*, scale, rng):
    """The wijken's outlines through the register import, so they carry their provenance as an
    uploaded file would: the shipped sample for the demo, a grid for a city."""
    if scale == "city":
        codes = list(Wijk.objects.order_by("cbs_code").values_list("cbs_code", flat=True))[:100]
        data, name = city_boundaries(codes, rng), "wijken_grote_stad.geojson"
    else:
        data, name = BOUNDARIES.read_bytes(), BOUNDARIES.name
    result = plan(RegisterSource.CBS_BOUNDARIES, read_table(data), BOUNDARIES_DATE, lock=True)
    if result.has_changes:
        apply_plan(result, file_name=name)


def _wijk_at(wijken, index):
    return wijken[index % len(wijken)] if wijken else None


CITY_ORGANISATIONS = 600
CITY_LOCATIONS = 1500
CITY_KIND_SHARE = [  # organisation kind, share of the city's organisations
    (OrganisationKind.SCHOOL_BOARD, 0.10),
    (OrganisationKind.CHILDCARE, 0.55),
    (OrganisationKind.YOUTH_CARE, 0.15),
    (OrganisationKind.YOUTH_HEALTH, 0.03),
    (OrganisationKind.WELFARE, 0.12),
    (OrganisationKind.OTHER, 0.05),
]
LOCATION_KINDS_OF = {
    OrganisationKind.SCHOOL_BOARD: [LocationKind.PRIMARY_SCHOOL] * 9
    + [LocationKind.SPECIAL_EDUCATION],
    OrganisationKind.CHILDCARE: [
        LocationKind.DAY_CARE,
        LocationKind.OUT_OF_SCHOOL_CARE,
        LocationKind.PRESCHOOL,
        LocationKind.CHILDMINDING_AGENCY,
    ],
    OrganisationKind.YOUTH_CARE: [LocationKind.YOUTH_TEAM, LocationKind.OTHER],
    OrganisationKind.YOUTH_HEALTH: [LocationKind.YOUTH_HEALTH_CENTRE],
    OrganisationKind.WELFARE: [LocationKind.OTHER],
    OrganisationKind.OTHER: [LocationKind.OTHER],
}
CITY_KVK_BASE = 30_000_000


def seed_city(*, rng, stdout):
    """About 600 organisations with 1,500 locations spread over the wijken (bulk, no history)."""
    if Organisation.objects.filter(kvk_number=str(CITY_KVK_BASE)).exists():
        return
    wijken = list(Wijk.objects.order_by("cbs_code"))
    kinds = []
    for kind, share in CITY_KIND_SHARE:
        kinds += [kind] * round(CITY_ORGANISATIONS * share)
    organisations = []
    for number, kind in enumerate(kinds[:CITY_ORGANISATIONS]):
        noun = NOUNS[number % len(NOUNS)]
        prefix = {
            OrganisationKind.SCHOOL_BOARD: "Stichting Primair Onderwijs",
            OrganisationKind.CHILDCARE: "Kinderopvang",
            OrganisationKind.YOUTH_CARE: "Jeugdhulp",
            OrganisationKind.YOUTH_HEALTH: "JGZ",
            OrganisationKind.WELFARE: "Welzijn",
            OrganisationKind.OTHER: "Stichting",
        }[kind]
        organisations.append(
            Organisation(
                kind=kind,
                name=f"{prefix} {noun} {number:03d}",
                kvk_number=str(CITY_KVK_BASE + number),
                duo_board_number=f"{50000 + number}"
                if kind == OrganisationKind.SCHOOL_BOARD
                else "",
                email=f"info@organisatie{number:03d}.example.org",
            )
        )
    organisations = Organisation.objects.bulk_create(organisations, batch_size=500)
    locations = []
    for number in range(CITY_LOCATIONS):
        organisation = organisations[number % len(organisations)]
        kind = rng.choice(LOCATION_KINDS_OF[organisation.kind])
        is_school = kind in (LocationKind.PRIMARY_SCHOOL, LocationKind.SPECIAL_EDUCATION)
        is_childcare = kind in (
            LocationKind.DAY_CARE,
            LocationKind.OUT_OF_SCHOOL_CARE,
            LocationKind.PRESCHOOL,
            LocationKind.CHILDMINDING_AGENCY,
        )
        wijk = wijken[number % len(wijken)] if wijken else None
        letters = "ABCDEFGHJKLMNPRTUVWXZ"
        locations.append(
            Location(
                organisation=organisation,
                kind=kind,
                name=f"{NOUNS[(number * 7) % len(NOUNS)]} {number:04d}",
                school_code=(
                    f"{number % 100:02d}{letters[number // 100 % 21]}{letters[number // 2100 % 21]}"
                    f"{number // 100 % 100:02d}"
                    if is_school
                    else ""
                ),
                lrk_number=f"{200_000_000 + number}" if is_childcare else "",
                street="Stadsweg",
                house_number=str(number + 1),
                postcode=f"{2000 + number % 7000} {letters[number % 21]}{letters[number // 5 % 21]}",
                city="Voorbeeldstad",
                wijk=wijk,
                pupils=rng.randint(90, 520) if is_school else None,
                capacity=rng.randint(16, 120) if is_childcare else None,
                count_reference_date="2025-10-01" if is_school or is_childcare else None,
                vve_certified=kind == LocationKind.PRESCHOOL or (is_school and rng.random() < 0.4),
                age_from=4 if is_school else 0,
                age_to=12 if is_school or kind == LocationKind.OUT_OF_SCHOOL_CARE else 4,
            )
        )
    Location.objects.bulk_create(locations, batch_size=500)
    stdout.write(f"  city: {len(organisations)} organisations, {len(locations)} locations")
