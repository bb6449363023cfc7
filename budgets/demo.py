"""Demo budgets of Voorbeeldstad: its funding streams for 2025 and 2026, two pooled budgets a year
and the allocations from them; `--scale city` adds ~300 streams over five years with ~5,000
allocations. Goals and agreements of the agenda are linked when the agenda has them."""

from datetime import date
from decimal import ROUND_DOWN, Decimal

from agenda.models import Agenda, Agreement, Goal
from budgets.models import Allocation, Contribution, FundingStream, PooledBudget
from kindcentra.models import Kindcentrum
from partners.models import Organisation

YEARS = [2025, 2026]
# Each earlier year has a little less money.
YEAR_FACTOR = {2025: Decimal("0.96"), 2026: Decimal("1")}

# code, name, source, legal basis, domain, purpose, accountability, earmarked, poolable, Iv3, amount
# fmt: off
STREAMS = [
    ("SPUK-OAB", "Onderwijsachterstandenbeleid (SPUK OAB)", "rijk_specific", "Besluit specifieke uitkeringen gemeentelijk onderwijsachterstandenbeleid 2019–2026", "education", "Voorschoolse educatie, schakelklassen en zomerscholen voor kinderen met een risico op een onderwijsachterstand.", "sisa", True, True, "4.3", 2_350_000),
    ("VVE-EIGEN", "Voorschoolse educatie – eigen middelen", "own_means", "Beleidsregel voorschoolse educatie Voorbeeldstad 2024", "childcare", "Extra uren voorschoolse educatie en de kwaliteit van de peutergroepen.", "subsidy_report", False, True, "4.3", 640_000),
    ("PEUTER", "Peuteropvang voor peuters zonder kinderopvangtoeslag", "gemeentefonds", "Algemene uitkering gemeentefonds; Subsidieregeling peuteropvang Voorbeeldstad", "childcare", "Een plek op de peutergroep voor elke peuter, ook zonder recht op kinderopvangtoeslag.", "subsidy_report", False, True, "4.3", 480_000),
    ("JH-PREVENTIE", "Jeugdhulp – preventie en ondersteuning in kindcentra", "gemeentefonds", "Jeugdwet; algemene uitkering gemeentefonds", "youth", "Lichte, vroege ondersteuning van kinderen en ouders in en rond het kindcentrum.", "none", False, True, "6.2", 1_150_000),
    ("JH-MAATWERK", "Jeugdhulp – maatwerkvoorzieningen", "gemeentefonds", "Jeugdwet, artikel 2.3 (individuele voorzieningen)", "youth", "Ingekochte individuele jeugdhulp bij gecontracteerde aanbieders.", "none", False, False, "6.72", 4_800_000),
    ("OHV-IHP", "Onderwijshuisvesting (IHP)", "own_means", "Wet op het primair onderwijs, artikel 92 e.v.; Verordening voorzieningen huisvesting onderwijs Voorbeeldstad", "housing", "Nieuwbouw, uitbreiding en aanpassing van school- en kindcentrumgebouwen volgens het IHP.", "none", True, False, "4.2", 3_200_000),
    ("KC-IMPULS", "Impulsbudget kindcentra", "own_means", "Raadsbesluit kindcentra-aanpak Voorbeeldstad 2025", "welfare", "Samenwerking van onderwijs, opvang en zorg in kindcentra: coördinatie, gezamenlijke scholing en ouderbetrokkenheid.", "none", False, True, "6.1", 350_000),
    ("COFI-LEERLIJN", "Cofinanciering doorgaande leerlijn schoolbesturen", "partner", "Convenant doorgaande leerlijn 0–12 (LEA 2025–2028)", "education", "Bijdrage van de schoolbesturen aan de doorgaande leerlijn van voorschool naar groep 1–2.", "subsidy_report", False, True, "4.3", 120_000),
    ("PROV-KANSRIJK", "Kansrijke Start (provinciale subsidie)", "province", "Subsidieregeling Kansrijke Start provincie Voorbeeld 2025", "youth", "Steun voor (aanstaande) ouders in kwetsbare situaties in de eerste 1000 dagen.", "subsidy_report", True, True, "7.1", 90_000),
]

# name, description, goal keywords, contributions {stream code: amount}
POOLS = [
    ("Sterke start 0–6", "Voorschoolse educatie, peuteropvang en een goede overgang naar groep 1, uit één budget.", ["VVE", "peuter", "voorschool"], {"SPUK-OAB": 900_000, "VVE-EIGEN": 400_000, "PEUTER": 250_000, "PROV-KANSRIJK": 60_000}),
    ("Kindcentra en zorg in de school", "Jeugdhulp, welzijn en onderwijs samen in en rond de kindcentra.", ["jeugdhulp", "zorg", "kindcentr"], {"JH-PREVENTIE": 500_000, "KC-IMPULS": 200_000, "SPUK-OAB": 300_000, "COFI-LEERLIJN": 120_000}),
]

# source (stream code or pool name), organisation KvK, kindcentrum, description, budgeted,
# agreement keyword, period starts in August
ALLOCATIONS = [
    ("Sterke start 0–6", "52456789", "Kindcentrum Het Kompas", "Voorschoolse educatie 16 uur per week, peutergroepen Peuterwerk", 620_000, "VVE", False),
    ("Sterke start 0–6", "52345678", "Integraal Kindcentrum De Regenboog", "VVE-plaatsen in de dagopvang van Zonnestraal", 240_000, "VVE", False),
    ("Sterke start 0–6", "52567890", None, "VVE-plaatsen De Speeltuin Oosterpark", 180_000, "VVE", False),
    ("Sterke start 0–6", "71234567", None, "Toeleiding naar voorschoolse educatie door het consultatiebureau", 95_000, "toeleiding", False),
    ("Sterke start 0–6", "41234567", "Integraal Kindcentrum De Regenboog", "Doorgaande lijn voorschool – groep 1 in De Regenboog", 150_000, "doorgaande", True),
    ("Sterke start 0–6", "52456789", "Kindcentrum De Fontein", "Peuteropvang voor peuters zonder toeslag, De Fontein", 210_000, "peuter", False),
    ("Kindcentra en zorg in de school", "61234567", "Kindcentrum Het Kompas", "Jeugdhulp in de school: praktijkondersteuner Het Kompas", 260_000, "jeugdhulp", True),
    ("Kindcentra en zorg in de school", "61234567", "Kindcentrum De Fontein", "Jeugdhulp in de school: praktijkondersteuner De Fontein", 240_000, "jeugdhulp", True),
    ("Kindcentra en zorg in de school", "81234567", None, "Ouderbetrokkenheid en opvoedondersteuning in kindcentra", 120_000, "ouder", False),
    ("Kindcentra en zorg in de school", "41345678", "Brede School Oosterkade", "Coördinatie brede school Oosterkade", 90_000, "brede school", False),
    ("Kindcentra en zorg in de school", "41456789", "Kindcentrum De Fontein", "Gezamenlijke scholing van het team De Fontein", 75_000, "team", True),
    ("Kindcentra en zorg in de school", "41234567", "Integraal Kindcentrum De Regenboog", "Doorontwikkeling naar één team in IKC De Regenboog", 110_000, "team", False),
    ("Kindcentra en zorg in de school", "61345678", "Samenwerking Havenkwartier", "Ambulante ondersteuning van gezinnen in het Havenkwartier", 150_000, "jeugdhulp", False),
    ("SPUK-OAB", "41234567", "Kindcentrum Het Kompas", "Schakelklas OBS Het Kompas", 180_000, "taal", True),
    ("SPUK-OAB", "41345678", None, "Zomerschool Sint-Jozefschool", 60_000, "zomerschool", False),
    ("SPUK-OAB", "41456789", "Kindcentrum De Fontein", "Schakelklas CBS De Fontein", 170_000, "taal", True),
    ("JH-MAATWERK", "61234567", None, "Ambulante jeugdhulp 0–12, perceel Voorbeeldstad", 2_900_000, None, False),
    ("JH-MAATWERK", "61345678", None, "Jeugdhulp met verblijf", 1_400_000, None, False),
    ("OHV-IHP", "41456789", "Kindcentrum De Fontein", "Nieuwbouw IKC De Fontein – eerste fase", 2_100_000, "Nieuwbouw", False),
    ("OHV-IHP", "41234567", "Integraal Kindcentrum De Regenboog", "Uitbreiding OBS De Regenboog met twee lokalen", 650_000, "IHP", False),
    ("VVE-EIGEN", "52456789", None, "Kwaliteitsimpuls peutergroepen: scholing pedagogisch medewerkers", 150_000, "VVE", False),
    ("PEUTER", "52567890", None, "Peuteropvang De Speeltuin Noord", 200_000, "peuter", False),
    ("KC-IMPULS", "41345678", "Brede School Oosterkade", "Van brede school naar kindcentrum Oosterkade: procesbegeleiding", 60_000, "kindcentr", True),
]
# fmt: on
# Part of the budgeted amount realised: the closed year nearly all, the current year most.
REALISED = {2025: (Decimal("0.90"), Decimal("1.00")), 2026: (Decimal("0.55"), Decimal("0.85"))}


def _money(value, year):
    return (Decimal(value) * YEAR_FACTOR[year]).quantize(Decimal("1000"), rounding=ROUND_DOWN)


def _realised(budgeted, year, rng):
    low, high = REALISED[year]
    share = low + (high - low) * Decimal(rng.randint(0, 100)) / 100
    return (budgeted * share).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def _goals(keywords):
    """Goals of the current agenda (or the latest) that mention one of the keywords."""
    agenda = Agenda.objects.filter(is_current=True).first() or Agenda.objects.first()
    if agenda is None:
        return []
    goals = Goal.objects.filter(theme__agenda=agenda)
    return [
        goal
        for goal in goals
        if any(word.lower() in f"{goal.statement} {goal.indicator}".lower() for word in keywords)
    ]


def _agreement(keyword):
    if not keyword:
        return None
    return Agreement.objects.filter(title__icontains=keyword).order_by("pk").first()


def seed(*, scale, stdout, rng):
    organisations = {o.kvk_number: o for o in Organisation.objects.exclude(kvk_number="")}
    kindcentra = {k.name: k for k in Kindcentrum.objects.all()}
    streams, pools = {}, {}
    for year in YEARS:
        for (
            code,
            name,
            source,
            basis,
            domain,
            purpose,
            regime,
            earmarked,
            poolable,
            iv3,
            amount,
        ) in STREAMS:
            streams[code, year], _ = FundingStream.objects.update_or_create(
                code=code,
                year=year,
                defaults={
                    "name": name,
                    "source": source,
                    "legal_basis": basis,
                    "domain": domain,
                    "purpose": purpose,
                    "accountability": regime,
                    "earmarked": earmarked,
                    "poolable": poolable,
                    "iv3_taakveld": iv3,
                    "amount": _money(amount, year),
                },
            )
        for name, description, keywords, contributions in POOLS:
            pool, _ = PooledBudget.objects.update_or_create(
                name=name, year=year, defaults={"description": description}
            )
            pool.goals.set(_goals(keywords))
            pools[name, year] = pool
            for code, amount in contributions.items():
                Contribution.objects.update_or_create(
                    pooled_budget=pool,
                    stream=streams[code, year],
                    defaults={"amount": _money(amount, year)},
                )
        for source, kvk, kindcentrum, description, amount, keyword, from_august in ALLOCATIONS:
            organisation = organisations.get(kvk)
            if organisation is None:
                continue
            budgeted = _money(amount, year)
            Allocation.objects.update_or_create(
                description=description,
                year=year,
                defaults={
                    "stream": streams.get((source, year)),
                    "pooled_budget": pools.get((source, year)),
                    "organisation": organisation,
                    "kindcentrum": kindcentra.get(kindcentrum),
                    "agreement": _agreement(keyword),
                    "period_start": date(year, 8 if from_august else 1, 1),
                    "period_end": date(year, 12, 31),
                    "budgeted": budgeted,
                    "realised": _realised(budgeted, year, rng),
                },
            )
    if scale == "city":
        seed_city(rng=rng, stdout=stdout)


# The city-sized set, for the benchmarks

CITY_YEARS = range(2022, 2027)
CITY_STREAMS_PER_YEAR = 60
CITY_POOLS_PER_YEAR = 6
CITY_POOLED_ALLOCATIONS_PER_POOL = 100
CITY_DIRECT_ALLOCATIONS_PER_YEAR = 400
SOURCES = ["rijk_specific", "gemeentefonds", "own_means", "province", "partner", "eu", "other"]
DOMAINS = ["education", "childcare", "youth", "welfare", "housing"]
REGIMES = ["sisa", "subsidy_report", "none"]
TAAKVELDEN = ["4.2", "4.3", "6.1", "6.2", "6.72a", "7.1"]


def _cents(value):
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def seed_city(*, rng, stdout):
    if FundingStream.objects.filter(code="STAD-000").exists():
        return
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    kindcentra = list(Kindcentrum.objects.values_list("pk", "lead_organisation_id"))
    if not organisations:
        return
    streams = []
    for year in CITY_YEARS:
        for number in range(CITY_STREAMS_PER_YEAR):
            streams.append(
                FundingStream(
                    code=f"STAD-{number:03d}",
                    name=f"Geldstroom Stad {number:03d}",
                    year=year,
                    amount=Decimal(rng.randint(100, 5000) * 1000),
                    source=rng.choice(SOURCES),
                    legal_basis="Regeling Stad",
                    domain=rng.choice(DOMAINS),
                    purpose="Geld voor jonge kinderen in de stad.",
                    accountability=rng.choice(REGIMES),
                    earmarked=rng.random() < 0.4,
                    poolable=rng.random() < 0.6,
                    iv3_taakveld=rng.choice(TAAKVELDEN),
                )
            )
    FundingStream.objects.bulk_create(streams, batch_size=1000)
    left = {stream.pk: stream.amount for stream in streams}
    pools, contributions, allocations = [], [], []
    for year in CITY_YEARS:
        for number in range(CITY_POOLS_PER_YEAR):
            pools.append(PooledBudget(name=f"Stadsprogramma {number + 1}", year=year))
    PooledBudget.objects.bulk_create(pools, batch_size=1000)
    received = {}
    for pool in pools:
        poolable = [s for s in streams if s.year == pool.year and s.poolable]
        for stream in rng.sample(poolable, k=min(8, len(poolable))):
            amount = _cents(left[stream.pk] * Decimal(rng.randint(5, 20)) / 100)
            if amount <= 0:
                continue
            left[stream.pk] -= amount
            received[pool.pk] = received.get(pool.pk, Decimal(0)) + amount
            contributions.append(Contribution(pooled_budget=pool, stream=stream, amount=amount))

    def recipient():
        if kindcentra and rng.random() < 0.5:
            kindcentrum, lead = rng.choice(kindcentra)
            return {"kindcentrum_id": kindcentrum, "organisation_id": lead}
        return {"organisation_id": rng.choice(organisations)}

    def allocation(year, number, budgeted, **source):
        share = Decimal(rng.randint(60, 100)) / 100 if year < CITY_YEARS[-1] else Decimal("0.5")
        return Allocation(
            year=year,
            description=f"Toekenning {year}-{number:04d}",
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            budgeted=budgeted,
            realised=_cents(budgeted * share),
            **source,
            **recipient(),
        )

    for pool in pools:
        weights = [rng.randint(1, 10) for _ in range(CITY_POOLED_ALLOCATIONS_PER_POOL)]
        spend = received.get(pool.pk, Decimal(0)) * Decimal("0.9")
        for number, weight in enumerate(weights):
            budgeted = _cents(spend * weight / sum(weights))
            allocations.append(
                allocation(pool.year, pool.pk * 1000 + number, budgeted, pooled_budget_id=pool.pk)
            )
    for year in CITY_YEARS:
        year_streams = [s for s in streams if s.year == year]
        for number in range(CITY_DIRECT_ALLOCATIONS_PER_YEAR):
            stream = rng.choice(year_streams)
            budgeted = _cents(left[stream.pk] * Decimal(rng.randint(5, 25)) / 100)
            left[stream.pk] -= budgeted
            allocations.append(allocation(year, number, budgeted, stream_id=stream.pk))
    Contribution.objects.bulk_create(contributions, batch_size=1000)
    Allocation.objects.bulk_create(allocations, batch_size=1000)
    stdout.write(
        f"  city: {len(streams)} funding streams, {len(pools)} pooled budgets, "
        f"{len(contributions)} contributions, {len(allocations)} allocations"
    )
