"""Demo regie-agenda of Voorbeeldstad: the LEA 2025–2028 with five themes, goals with
measurements, agreements in every stage of their life, progress and meetings; and, for --scale
city, 1,500 agreements with 15,000 progress updates made in bulk for the benchmarks.

The demo agreements are made through the services, so their versions, confirmations and
history are what the portal itself would have recorded."""

import datetime
from decimal import Decimal

from django.utils import timezone

from agenda import services
from agenda.models import (
    Agenda,
    Agreement,
    AgreementStatus,
    AgreementVersion,
    Goal,
    Measurement,
    Meeting,
    Notification,
    ProgressUpdate,
    StatutoryTopic,
    Theme,
)
from kindcentra.models import Kindcentrum
from kindportaal import notices
from kindportaal.models import Notice, NoticeKind, User, Wijk
from partners.models import Organisation

TITLE = "Lokale Educatieve Agenda Voorbeeldstad 2025–2028"
POLICY_OFFICER = "beleid@example.org"
# KvK numbers of the demo organisations (partners/demo.py) and who directs them.
SOPOV, WAARDEN, CBO = "41234567", "41345678", "41456789"
ZONNESTRAAL, PEUTERWERK, SPEELTUIN = "52345678", "52456789", "52567890"
JEUGDHULP, GGD, GEMEENTE = "61234567", "71234567", "91234567"
DIRECTORS = {
    SOPOV: "bestuurder@example.org",
    WAARDEN: "directeur.dewaarden@example.org",
    ZONNESTRAAL: "directeur.zonnestraal@example.org",
    PEUTERWERK: "directeur.peuterwerk@example.org",
    JEUGDHULP: "directeur.jeugdhulp@example.org",
}

# title, description, statutory topic codes, goals: (statement, indicator, unit, baseline,
# baseline year, target, target year, measurements: (year, value))
THEMES = [
    (
        "VVE en onderwijsachterstanden",
        "Elke peuter met een risico op achterstand bereikt met voor- en vroegschoolse educatie.",
        ["onderwijsachterstanden-vve"],
        [
            (
                "Meer doelgroeppeuters bereikt met VVE",
                "Bereik VVE onder doelgroeppeuters",
                "%",
                68,
                2024,
                90,
                2028,
                [(2025, 74)],
            ),
            (
                "Minder taalachterstand bij de start in groep 3",
                "Leerlingen groep 3 met taalachterstand",
                "%",
                21,
                2024,
                15,
                2028,
                [(2025, 19.5)],
            ),
        ],
    ),
    (
        "Doorgaande leerlijn 0–12",
        "Een doorgaande ontwikkellijn van peuter tot groep 8, met warme overdracht tussen opvang en school.",
        [],
        [
            (
                "Warme overdracht voor elk kind",
                "Peuters met warme overdracht naar groep 1",
                "%",
                55,
                2024,
                95,
                2027,
                [(2025, 72)],
            ),
        ],
    ),
    (
        "Passend onderwijs en jeugdhulp",
        "Zorg en ondersteuning dichtbij, in het kindcentrum, zonder wachtlijst.",
        [],
        [
            (
                "Kortere wachttijd voor jeugdhulp",
                "Gemiddelde wachttijd jeugdhulp",
                "weken",
                11,
                2024,
                4,
                2028,
                [(2025, 9)],
            ),
            (
                "Minder thuiszitters",
                "Thuiszittende leerlingen langer dan 4 weken",
                "leerlingen",
                14,
                2024,
                0,
                2028,
                [(2025, 11)],
            ),
        ],
    ),
    (
        "Integrale huisvesting (IHP)",
        "Kindcentra in één gebouw, volgens het integraal huisvestingsplan.",
        [],
        [
            (
                "Meer kindcentra onder één dak",
                "Kindcentra in één gebouw",
                "kindcentra",
                2,
                2024,
                6,
                2028,
                [(2025, 3)],
            ),
        ],
    ),
    (
        "Kansengelijkheid",
        "Gelijke kansen voor elk kind, ongeacht wijk of achtergrond; scholen die de wijk weerspiegelen.",
        ["segregatie-integratie"],
        [
            (
                "Meer kinderen naar een passend schooladvies",
                "Leerlingen met een bijgesteld (hoger) advies",
                "%",
                8,
                2024,
                12,
                2028,
                [(2025, 9)],
            ),
        ],
    ),
]

# title, theme index, goal (theme index, goal index) or None, owner, parties, scope (wijk
# indices, kindcentrum names or "all"), start and due (days from today), where it is heading,
# progress: (days ago, health, percent, text)
AGREEMENTS = [
    (
        "Gezamenlijke VVE-scholing voor pedagogisch medewerkers en leerkrachten",
        0,
        (0, 0),
        PEUTERWERK,
        [SOPOV, ZONNESTRAAL],
        "all",
        -300,
        240,
        "in_progress",
        [
            (120, "on_track", 30, "Eerste scholingsdag gehouden met 48 deelnemers."),
            (40, "on_track", 55, "Tweede en derde scholingsdag gepland; opkomst goed."),
        ],
    ),
    (
        "Toeleiding doelgroeppeuters via het consultatiebureau",
        0,
        (0, 0),
        JEUGDHULP,
        [PEUTERWERK, SOPOV],
        [0, 1, 3],
        -200,
        400,
        "adopted",
        [],
    ),
    (
        "Taalaanbod voor ouders in De Akkers",
        0,
        (0, 1),
        WAARDEN,
        [SOPOV],
        [3],
        -180,
        -10,
        "overdue",
        [
            (90, "at_risk", 40, "Minder aanmeldingen dan verwacht; werving via de wijkteams."),
            (60, "off_track", 45, "Docent uitgevallen; cursus stilgelegd."),
        ],
    ),
    (
        "Eén overdrachtsformulier peuter naar groep 1",
        1,
        (1, 0),
        SOPOV,
        [ZONNESTRAAL, PEUTERWERK, WAARDEN],
        "all",
        -150,
        200,
        "changed",
        [],
    ),
    (
        "Gezamenlijk activiteitenaanbod BSO en school",
        1,
        None,
        ZONNESTRAAL,
        [SOPOV],
        ["Integraal Kindcentrum De Regenboog"],
        -60,
        300,
        "proposed_one",
        [],
    ),
    (
        "Doorgaande leerlijn rekenen 0–6",
        1,
        None,
        WAARDEN,
        [PEUTERWERK],
        "all",
        -20,
        500,
        "proposed",
        [],
    ),
    (
        "Jeugdhulp in elk kindcentrum",
        2,
        (2, 0),
        JEUGDHULP,
        [SOPOV, WAARDEN, ZONNESTRAAL],
        "all",
        -400,
        12,
        "stale",
        [(75, "at_risk", 60, "Vier van de zes kindcentra hebben een vast aanspreekpunt.")],
    ),
    (
        "Thuiszittersoverleg elke maand",
        2,
        (2, 1),
        SOPOV,
        [JEUGDHULP],
        "all",
        -500,
        -60,
        "realised",
        [
            (200, "on_track", 50, "Overleg loopt; elf casussen besproken."),
            (70, "on_track", 100, "Werkwijze vastgelegd in het protocol."),
        ],
    ),
    (
        "Nieuwbouw Kindcentrum De Fontein volgens IHP",
        3,
        (3, 0),
        WAARDEN,
        [ZONNESTRAAL, PEUTERWERK],
        ["Kindcentrum De Fontein"],
        -250,
        700,
        "in_progress",
        [
            (100, "on_track", 15, "Programma van eisen gereed."),
            (20, "at_risk", 20, "Aanbesteding vertraagd door bezwaar."),
        ],
    ),
    (
        "Verkenning kindcentrum Havenkwartier",
        3,
        None,
        SOPOV,
        [JEUGDHULP],
        [2],
        30,
        400,
        "draft",
        [],
    ),
    (
        "Gemengde scholen: afstemming toelatingsbeleid",
        4,
        (4, 0),
        WAARDEN,
        [SOPOV],
        "all",
        -300,
        100,
        "lapsed",
        [],
    ),
    (
        "Huiswerkbegeleiding in Oosterpark",
        4,
        (4, 0),
        ZONNESTRAAL,
        [WAARDEN, JEUGDHULP],
        [1],
        -100,
        150,
        "in_progress",
        [(30, "on_track", 35, "Twee groepen gestart, 26 kinderen.")],
    ),
]


def seed(*, scale, stdout, rng):
    officer = User.objects.filter(email=POLICY_OFFICER).first()
    organisations = {o.kvk_number: o for o in Organisation.objects.filter(kvk_number__isnull=False)}
    if officer is None or not all(kvk in organisations for kvk in DIRECTORS):
        stdout.write("  agenda: skipped (the demo organisations or accounts are missing)")
        return
    agenda = Agenda.objects.filter(title=TITLE).first()
    if agenda is None:
        agenda = _seed_agenda(officer, organisations, rng)
    if scale == "city":
        seed_city(agenda=agenda, officer=officer, rng=rng, stdout=stdout)


def _seed_agenda(officer, organisations, rng):
    Agenda.objects.filter(is_current=True).update(is_current=False)
    agenda = Agenda.objects.create(
        title=TITLE,
        start_year=2025,
        end_year=2028,
        status="adopted",
        adopted_on=datetime.date(2025, 3, 13),
        adopted_by="council",
        is_current=True,
        foreword=(
            "In deze Lokale Educatieve Agenda leggen de gemeente Voorbeeldstad, de schoolbesturen, "
            "de kinderopvang en de jeugdhulp vast waar zij samen aan werken: gelijke kansen en een "
            "doorgaande lijn voor elk kind van 0 tot 12, in kindcentra in elke wijk."
        ),
    )
    topics = {topic.code: topic for topic in StatutoryTopic.objects.all()}
    themes, goals = [], []
    for order, (title, description, codes, theme_goals) in enumerate(THEMES, start=1):
        theme = Theme.objects.create(
            agenda=agenda, title=title, description=description, order=order
        )
        theme.statutory_topics.set([topics[code] for code in codes if code in topics])
        themes.append(theme)
        goals.append([])
        for number, row in enumerate(theme_goals, start=1):
            statement, indicator, unit, base, base_year, target, target_year, measured = row
            goal = Goal.objects.create(
                theme=theme,
                statement=statement,
                indicator=indicator,
                unit=unit,
                baseline_value=Decimal(str(base)),
                baseline_year=base_year,
                target_value=Decimal(str(target)),
                target_year=target_year,
                order=number,
            )
            for year, value in measured:
                Measurement.objects.create(
                    goal=goal,
                    value=Decimal(str(value)),
                    measured_on=datetime.date(year, 10, 1),
                    source="Monitor Voorbeeldstad",
                )
            goals[-1].append(goal)
    directors = {kvk: User.objects.get(email=email) for kvk, email in DIRECTORS.items()}
    wijken = list(Wijk.objects.order_by("cbs_code")[:6])
    made = [
        _seed_agreement(row, themes, goals, organisations, directors, wijken, officer)
        for row in AGREEMENTS
    ]
    _seed_meetings(agenda, officer, organisations, directors, made)
    # The demo tells nobody: what it "sent" is recorded as sent.
    Notification.objects.filter(sent_at__isnull=True).update(
        sent_at=timezone.now(), recipients="(demo)"
    )
    _settle_notices(made)
    return agenda


def _settle_notices(agreements):
    """The notices the demo's steps recorded, as people would have them: e-mailed already (the
    demo tells nobody), and read where they asked for an answer that has been given."""
    Notice.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
    answered = [
        agreement.get_absolute_url()
        for agreement in agreements
        if agreement.status != AgreementStatus.PROPOSED
    ]
    read = Notice.objects.filter(
        kind__in=[NoticeKind.PROPOSED, NoticeKind.CHANGED], link__in=answered
    )
    notices.counts_changed(set(read.values_list("recipient_id", flat=True)))
    read.update(read_at=timezone.now())


def _seed_agreement(row, themes, goals, organisations, directors, wijken, officer):
    title, theme_index, goal_ref, owner, parties, scope, start, due, heading, progress = row
    today = timezone.localdate()
    owner = organisations[owner]
    data = {
        "title": title,
        "description": f"{owner} trekt deze afspraak; de partijen dragen elk hun deel bij.",
        "theme": themes[theme_index],
        "goal": goals[goal_ref[0]][goal_ref[1]] if goal_ref else None,
        "owner": owner,
        "parties": [organisations[kvk] for kvk in parties],
        "whole_gemeente": scope == "all",
        "kindcentra": list(Kindcentrum.objects.filter(name__in=scope)) if _named(scope) else [],
        "wijken": [wijken[i] for i in scope if i < len(wijken)] if _indexed(scope) else [],
        "start_date": today + datetime.timedelta(days=start),
        "due_date": today + datetime.timedelta(days=due),
    }
    if not data["whole_gemeente"] and not data["kindcentra"] and not data["wijken"]:
        data["whole_gemeente"] = True
    creator = directors.get(owner.kvk_number, officer) if heading == "draft" else officer
    agreement = services.agreement_create(by=creator, **data)
    if heading == "draft":
        return agreement
    agreement = _step(agreement, "propose", officer)
    party_directors = [
        (party, directors.get(party.kvk_number)) for party in agreement.parties.order_by("name")
    ]
    if heading == "proposed":
        return agreement
    if heading == "proposed_one":
        _answer(agreement, *party_directors[0])
        return agreement
    for party, director in party_directors:
        _answer(agreement, party, director)
    agreement.refresh_from_db()
    if heading == "changed":
        changed = {**data, "due_date": data["due_date"] + datetime.timedelta(days=60)}
        changed["description"] += " Inclusief de overdracht vanuit de gastouderopvang."
        services.agreement_update(
            agreement=agreement, by=officer, **changed, expected_version=agreement.version
        )
        agreement.refresh_from_db()
        _answer(agreement, *party_directors[0])
        return agreement
    if heading == "adopted":
        return agreement
    if heading == "lapsed":
        return _step(agreement, "lapse", officer)
    agreement = _step(agreement, "start", officer)
    for days_ago, health, percent, text in progress:
        author_party = owner if owner.kvk_number in directors else party_directors[0][0]
        services.progress_update_create(
            agreement=agreement,
            by=directors.get(author_party.kvk_number, officer),
            organisation=author_party if author_party.kvk_number in directors else None,
            reported_on=today - datetime.timedelta(days=days_ago),
            text=text,
            health=health,
            percent_complete=percent,
        )
    if heading == "realised":
        agreement.refresh_from_db()
        agreement = _step(agreement, "realise", officer)
    return agreement


def _named(scope):
    return isinstance(scope, list) and scope and isinstance(scope[0], str)


def _indexed(scope):
    return isinstance(scope, list) and scope and isinstance(scope[0], int)


def _step(agreement, action, officer):
    agreement.refresh_from_db()
    return services.agreement_transition(
        agreement=agreement, action=action, by=officer, expected_version=agreement.version
    )


def _answer(agreement, party, director):
    if director is None:
        return
    agreement.refresh_from_db()
    services.agreement_answer(
        agreement=agreement,
        organisation=party,
        by=director,
        decision="confirmed",
        reason="",
        version_number=agreement.revision,
    )


def _seed_meetings(agenda, officer, organisations, directors, agreements):
    today = timezone.localdate()
    meetings = [
        (
            "OOGO voorjaar",
            today - datetime.timedelta(days=180),
            "Raadhuis, zaal 2",
            "Bespreking van de resultaatafspraken VVE en de voortgang van de agenda.",
            ["Het bereik van VVE wordt elk halfjaar gemeten en hier besproken."],
            [0, 1],
        ),
        (
            "Regiegroep kindcentra",
            today - datetime.timedelta(days=45),
            "Kindcentrum Het Kompas",
            "Stand van zaken huisvesting en jeugdhulp in de kindcentra.",
            [
                "De aanbesteding De Fontein krijgt voorrang in het IHP-overleg.",
                "Jeugdhulp Voorbeeldstad rapporteert maandelijks over de aanspreekpunten.",
            ],
            [8, 6],
        ),
        (
            "OOGO najaar",
            today - datetime.timedelta(days=10),
            "Raadhuis, zaal 2",
            "Afstemming toelatingsbeleid en de evaluatie van de overdracht.",
            ["Het overdrachtsformulier wordt aangepast; partijen bevestigen de nieuwe versie."],
            [3],
        ),
    ]
    for title, held_on, place, minutes, decisions, linked in meetings:
        meeting = Meeting.objects.create(
            agenda=agenda,
            title=f"{title} {held_on.year}",
            held_on=held_on,
            place=place,
            minutes=minutes,
            created_by=officer,
            other_attendees="Wethouder onderwijs, GGD-jeugdarts",
        )
        meeting.organisations.set(
            [organisations[kvk] for kvk in (SOPOV, WAARDEN, ZONNESTRAAL, PEUTERWERK, JEUGDHULP)]
        )
        meeting.attendees.set([officer, *directors.values()])
        for index, text in enumerate(decisions):
            services.meeting_decision_create(
                meeting=meeting,
                text=text,
                agreements=[agreements[linked[min(index, len(linked) - 1)]]],
                by=officer,
            )


CITY_AGREEMENTS = 1500
CITY_UPDATES_PER_AGREEMENT = 10
CITY_MARK = "Stadsafspraak 0000"
CITY_STATUSES = [
    (AgreementStatus.DRAFT, 0.08),
    (AgreementStatus.PROPOSED, 0.12),
    (AgreementStatus.ADOPTED, 0.15),
    (AgreementStatus.IN_PROGRESS, 0.45),
    (AgreementStatus.REALISED, 0.15),
    (AgreementStatus.LAPSED, 0.05),
]
HEALTHS = ["on_track"] * 6 + ["at_risk"] * 3 + ["off_track"]


def seed_city(*, agenda, officer, rng, stdout):
    """1,500 agreements between the city's organisations with 15,000 progress updates, in bulk
    (no history, no notifications): data for the benchmarks and the query-count checks."""
    if Agreement.objects.filter(title=CITY_MARK).exists():
        return
    themes = list(agenda.themes.order_by("order"))
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    wijk_ids = list(Wijk.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    statuses = []
    for status, share in CITY_STATUSES:
        statuses += [status] * round(CITY_AGREEMENTS * share)
    agreements = []
    for number in range(CITY_AGREEMENTS):
        status = statuses[number % len(statuses)]
        start = today - datetime.timedelta(days=rng.randint(30, 900))
        agreements.append(
            Agreement(
                theme=themes[number % len(themes)],
                title=f"Stadsafspraak {number:04d}",
                description="Afspraak uit de stedelijke agenda.",
                owner_id=organisations[number % len(organisations)],
                whole_gemeente=number % 3 == 0,
                start_date=start,
                due_date=start + datetime.timedelta(days=rng.randint(60, 1200)),
                status=status,
                revision=0 if status == AgreementStatus.DRAFT else 1,
                created_by=officer,
            )
        )
    agreements = Agreement.objects.bulk_create(agreements, batch_size=500)
    parties, places, versions = [], [], []
    through_parties = Agreement.parties.through
    through_wijken = Agreement.wijken.through
    for agreement in agreements:
        chosen = {agreement.owner_id, *rng.sample(organisations, 2)}
        parties += [through_parties(agreement_id=agreement.pk, organisation_id=o) for o in chosen]
        if not agreement.whole_gemeente and wijk_ids:
            places.append(through_wijken(agreement_id=agreement.pk, wijk_id=rng.choice(wijk_ids)))
        if agreement.revision:
            versions.append(
                AgreementVersion(
                    agreement=agreement,
                    number=1,
                    data={"title": agreement.title, "party_ids": sorted(chosen)},
                    created_by=officer,
                )
            )
    through_parties.objects.bulk_create(parties, batch_size=2000)
    through_wijken.objects.bulk_create(places, batch_size=2000)
    AgreementVersion.objects.bulk_create(versions, batch_size=1000)
    updates = []
    running = [a for a in agreements if a.status in ("in_progress", "realised", "adopted")]
    per_agreement = CITY_AGREEMENTS * CITY_UPDATES_PER_AGREEMENT // max(len(running), 1)
    for agreement in running:
        for step in range(per_agreement):
            updates.append(
                ProgressUpdate(
                    agreement=agreement,
                    reported_on=min(
                        today, agreement.start_date + datetime.timedelta(days=20 * (step + 1))
                    ),
                    text="Voortgang volgens planning.",
                    health=rng.choice(HEALTHS),
                    percent_complete=min(100, 10 * (step + 1)),
                    author=officer,
                )
            )
    ProgressUpdate.objects.bulk_create(updates, batch_size=5000)
    services.refresh_progress_summary(agreement_ids=[a.pk for a in running])
    stdout.write(f"  city: {len(agreements)} agreements, {len(updates)} progress updates")
