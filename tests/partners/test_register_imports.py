"""Importing the registers: only the gemeente's records, matched by their identifiers, a preview
first, all or nothing, provenance per value, hand edits kept, and nothing changes the second
time."""

import datetime
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kindportaal.caching import versions
from kindportaal.concurrency import EditConflict
from kindportaal.history import reason_display
from kindportaal.models import Wijk
from partners import services
from partners.models import (
    ImportRun,
    ImportStatus,
    Location,
    Organisation,
    OrganisationKind,
    Provenance,
)
from partners.registers import applying
from partners.registers.applying import apply_plan
from partners.registers.planning import plan
from partners.registers.reading import read_table
from tests.partners.factories import LocationFactory, OrganisationFactory, SchoolBoardFactory
from tests.partners.registers import (
    REFERENCE_DATE,
    SAMPLE_FILES,
    make_gemeente,
    sample,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gemeente():
    make_gemeente()
    with translation.override("nl"):
        yield


def check(source, name, data=None, user=None):
    return services.import_run_create(
        source=source, uploaded_file=upload(name, data), reference_date=REFERENCE_DATE, user=user
    )


def import_file(source, name, data=None, **kwargs):
    run = check(source, name, data)
    assert run.status == ImportStatus.READY, run.error
    return services.import_run_confirm(run=run, **kwargs)


def test_school_locations_of_the_gemeente_are_created_with_their_board():
    run = check("duo_schools", "duo_vestigingen_bo.csv")
    assert run.summary["new"] == 6
    assert run.summary["skipped"] == 2  # Ouder-Amstel
    assert run.summary["rejected"] == 1
    assert run.preview["rejected"][0]["line"] == 8
    assert "postcode" in run.preview["rejected"][0]["reason"]
    assert not Location.objects.exists(), "the preview changes nothing"

    run = services.import_run_confirm(run=run)
    assert run.status == ImportStatus.DONE
    school = Location.objects.get(school_code="14CD02")
    assert school.name == "Basisschool 't Prinsenhof"
    assert (school.street, school.house_number) == ("Prinsengracht", "101-A")
    assert (school.postcode, school.city) == ("1031 KL", "Voorbeeldstad")
    assert school.organisation.duo_board_number == "41567"
    assert school.organisation.kind == OrganisationKind.SCHOOL_BOARD
    assert not Location.objects.filter(school_code__startswith="04XY").exists()
    assert Location.objects.get(school_code="17EF03").name == "CBS Élan"


def test_an_older_duo_file_matches_the_same_locations():
    import_file("duo_schools", "duo_vestigingen_bo.csv")
    run = check("duo_schools", "duo_vestigingen_bo_oud.csv")
    assert (run.summary["new"], run.summary["changed"], run.summary["unchanged"]) == (0, 0, 3)


def test_the_boards_file_names_the_boards_the_schools_file_made():
    import_file("duo_schools", "duo_vestigingen_bo.csv")
    assert Organisation.objects.get(duo_board_number="43001").name == "Schoolbestuur 43001"
    run = import_file("duo_boards", "duo_bevoegde_gezagen.csv")
    board = Organisation.objects.get(duo_board_number="43001")
    assert (board.name, board.kvk_number) == ("Stichting Vrije Scholen Zonnehof", "43001234")
    # The board seated in another gemeente has no schools here, so it is not taken.
    assert not Organisation.objects.filter(duo_board_number="30567").exists()
    assert run.summary["skipped"] == 1


def test_pupils_take_the_reference_year_and_leave_suppressed_counts_alone():
    import_file("duo_schools", "duo_vestigingen_bo.csv")
    Location.objects.filter(school_code="17EF03").update(pupils=7)
    run = import_file("duo_pupils", "duo_leerlingen_vestiging.csv")
    assert Location.objects.get(school_code="12AB00").pupils == 312  # LEERLINGEN_2024 is latest
    assert Location.objects.get(school_code="12AB00").count_reference_date == REFERENCE_DATE
    assert Location.objects.get(school_code="17EF03").pupils == 7
    reasons = {group["reason"]: group["lines"] for group in run.preview["skipped"]}
    assert reasons[
        "Het aantal is afgeschermd (kleine aantallen); het portaal houdt het eigen aantal."
    ] == [6]
    assert reasons["Geen schoollocatie in het portaal."] == [9]


def test_lrk_locations_and_holders_of_the_gemeente_only():
    existing = OrganisationFactory(name="Kinderopvang Zonnestraal", kvk_number="52345678")
    run = import_file("lrk", "lrk_export.csv")
    assert run.status == ImportStatus.DONE
    assert run.summary["new"] == 7
    assert run.summary["organisations_new"] == 3
    assert Location.objects.get(lrk_number="123456781").organisation == existing
    creche = Location.objects.get(lrk_number="456789121")
    assert creche.name == "Crèche Ééntje Twee"
    assert (creche.street, creche.house_number, creche.capacity) == ("Café-laan", "3", 24)
    assert creche.organisation.name == "Crèche Ééntje B.V."
    assert Location.objects.get(lrk_number="123456782").house_number == "14a"
    assert not Location.objects.get(lrk_number="456789123").is_active  # uitgeschreven
    assert not Location.objects.filter(lrk_number="456789125").exists()  # a gastouder
    assert not Location.objects.filter(lrk_number__startswith="5678912").exists()  # elsewhere
    assert [row["line"] for row in run.preview["rejected"]] == [10]


def test_cbs_updates_and_adds_the_gemeentes_wijken():
    Wijk.objects.create(name="Centrum", cbs_code="WK999900", children_0_4=1, children_4_12=2)
    run = import_file("cbs", "cbs_kerncijfers_wijken.csv")
    centrum = Wijk.objects.get(cbs_code="WK999900")
    assert (centrum.name, centrum.children_0_4, centrum.children_4_12) == (
        "Centrum-West",
        720,
        1310,
    )
    assert centrum.reference_year == 2025
    haven = Wijk.objects.get(cbs_code="WK999906")
    assert (haven.children_0_4, haven.children_4_12) == (None, 180)  # "." is suppressed
    assert not Wijk.objects.filter(cbs_code="WK043701").exists()
    assert run.summary["skipped"] == 3  # the gemeente, a buurt, a wijk elsewhere


@pytest.mark.parametrize(("source", "name"), SAMPLE_FILES)
def test_importing_the_same_file_twice_changes_nothing_the_second_time(source, name):
    for earlier_source, earlier_name in SAMPLE_FILES:
        import_file(earlier_source, earlier_name)
        if earlier_name == name:
            break
    history = sum(model.history.count() for model in (Location, Organisation, Wijk))
    provenance = list(Provenance.objects.values_list("pk", "run_id"))
    run = import_file(source, name)
    assert (run.summary["new"], run.summary["changed"]) == (0, 0)
    assert run.summary["unchanged"] > 0
    assert sum(model.history.count() for model in (Location, Organisation, Wijk)) == history
    assert list(Provenance.objects.values_list("pk", "run_id")) == provenance


def test_every_imported_value_keeps_its_provenance():
    run = import_file("lrk", "lrk_export.csv")
    location = Location.objects.get(lrk_number="456789121")
    rows = Provenance.objects.filter(
        content_type=ContentType.objects.get_for_model(Location), object_id=location.pk
    )
    by_field = {row.field: row for row in rows}
    assert {"name", "capacity", "postcode", "organisation", "count_reference_date"} <= set(by_field)
    assert by_field["capacity"].value == 24
    assert by_field["name"].file_name == "lrk_export.csv"
    assert by_field["name"].reference_date == REFERENCE_DATE
    assert by_field["name"].run == run
    assert by_field["name"].source == "lrk"
    # One import, one moment: every value of it says the same time.
    assert len(set(Provenance.objects.values_list("imported_at", flat=True))) == 1


def test_a_value_changed_by_hand_is_a_conflict_and_is_kept():
    import_file("lrk", "lrk_export.csv")
    location = Location.objects.get(lrk_number="456789121")
    services.location_update(location=location, capacity=30, expected_version=location.version)
    changed_file = upload("lrk_export.csv").read().replace(b"Twee;24;", b"Twee;26;")
    run = check("lrk", "lrk_2.csv", data=changed_file)
    assert run.summary["conflicts"] == 1
    conflict = run.preview["conflicts"][0]
    assert (conflict["field"], conflict["current"], conflict["imported"], conflict["incoming"]) == (
        "capacity",
        30,
        24,
        26,
    )
    services.import_run_confirm(run=run)
    assert Location.objects.get(lrk_number="456789121").capacity == 30


def test_the_uploader_can_choose_to_overwrite_the_changes_by_hand():
    import_file("lrk", "lrk_export.csv")
    Location.objects.filter(lrk_number="456789121").update(capacity=30)
    changed_file = upload("lrk_export.csv").read().replace(b"Twee;24;", b"Twee;26;")
    run = check("lrk", "lrk_2.csv", data=changed_file)
    services.import_run_confirm(run=run, overwrite_conflicts=True)
    assert Location.objects.get(lrk_number="456789121").capacity == 26


def test_a_school_board_running_childcare_keeps_its_kind():
    board = SchoolBoardFactory(kvk_number="52567890")
    import_file("lrk", "lrk_export.csv")
    assert Location.objects.get(lrk_number="345678911").organisation == board
    board.refresh_from_db()
    assert board.kind == OrganisationKind.SCHOOL_BOARD


@pytest.fixture
def capacity_64_refused(transactional_db):
    """The database refuses a location with 64 places. In the LRK sample only the update of
    location 123456781 (10 → 64 places) asks for that: the import fails in its last write, after
    it wrote its new organisations and locations. Yields a function that lifts the refusal."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(
                "ALTER TABLE partners_location "
                "ADD CONSTRAINT test_refuse CHECK (capacity IS DISTINCT FROM 64)"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER test_refuse BEFORE UPDATE ON partners_location "
                "WHEN NEW.capacity = 64 BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )

    def lift():
        with connection.cursor() as cursor:
            if postgres:
                cursor.execute(
                    "ALTER TABLE partners_location DROP CONSTRAINT IF EXISTS test_refuse"
                )
            else:
                cursor.execute("DROP TRIGGER IF EXISTS test_refuse")

    yield lift
    lift()


@pytest.mark.django_db(transaction=True)
def test_the_import_is_all_or_nothing(capacity_64_refused):
    # No test transaction around this: what the assertions see is what was committed.
    LocationFactory(lrk_number="123456781", capacity=10)
    run = check("lrk", "lrk_export.csv")
    assert run.summary["new"] > 0 and run.summary["changed"] > 0, run.summary
    run = services.import_run_confirm(run=run)
    assert run.status == ImportStatus.FAILED
    assert "niets" in run.error.lower()
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.FAILED, "the failure is kept"
    assert Location.objects.get(lrk_number="123456781").capacity == 10
    assert list(Location.objects.values_list("lrk_number", flat=True)) == ["123456781"]
    assert not Organisation.objects.filter(kvk_number="63456789").exists()
    assert not Provenance.objects.exists()

    # Without the refusal the same file imports completely: the refusal was what stopped it.
    capacity_64_refused()
    run = import_file("lrk", "lrk_export.csv")
    assert run.status == ImportStatus.DONE
    assert Location.objects.get(lrk_number="123456781").capacity == 64
    assert Organisation.objects.filter(kvk_number="63456789").exists()


def test_a_run_is_imported_once():
    run = import_file("lrk", "lrk_export.csv")
    with pytest.raises(Exception, match="niet meer"):
        services.import_run_confirm(run=run)


def test_a_bad_file_is_refused_and_not_stored():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        check("duo_schools", "lrk_export.csv")
    assert "LRK" in error.value.message_dict["file"][0]
    assert not ImportRun.objects.exists()


def test_pages_kept_in_the_cache_show_the_import_at_once(client_for, council_member, settings):
    """The import writes in bulk, past the signals; it marks the data as changed itself."""
    settings.PAGE_CACHE_SECONDS = 600
    wijk = Wijk.objects.create(name="Centrum", cbs_code="WK999900", children_0_4=1)
    client = client_for(council_member)
    url = reverse("kindcentra:wijk_detail", args=[wijk.pk])
    assert "Centrum-West" not in client.get(url).content.decode()
    import_file("cbs", "cbs_kerncijfers_wijken.csv")
    assert "Centrum-West" in client.get(url).content.decode()


def test_a_run_whose_task_was_lost_is_checked_and_imported_by_the_janitor(settings):
    """A large file's check and import are queued at commit; with the queue lost (here: the
    commit never comes), the janitor queues them again, with the uploader's choice."""
    from datetime import timedelta

    from django.utils import timezone

    from kindportaal import tasks

    settings.REGISTER_IMPORT_INLINE_ROWS = 1
    settings.JANITOR_RESUBMIT_AFTER_MINUTES = 10
    job = "partners.tasks.resubmit_import_runs"
    run = check("lrk", "lrk_export.csv")
    assert run.status == ImportStatus.CHECKING
    assert tasks.janitor.apply().get()[job] == 0, "within the grace period"
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    assert tasks.janitor.apply().get()[job] == 1
    run.refresh_from_db()
    assert run.status == ImportStatus.READY
    services.import_run_confirm(run=run, overwrite_conflicts=True)
    run.refresh_from_db()
    assert (run.status, run.overwrite_conflicts) == (ImportStatus.IMPORTING, True)
    assert tasks.janitor.apply().get()[job] == 1
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    assert Location.objects.filter(lrk_number="123456781").exists()
    assert tasks.janitor.apply().get()[job] == 0


def lrk_file(count, first=0):
    """An LRK file of `count` day care locations of the gemeente, of seven holders (numbered
    from `first`, so that files with other numbers share nothing)."""
    header = sample("lrk_export.csv").decode("cp1252").splitlines()[0]
    rows = [
        f"{300000000 + first + n};KDV;KDV Nummer {first + n};{20 + n % 50};Ingeschreven;"
        f"Laan {n};1011AB;Voorbeeldstad;9999;Voorbeeldstad;Houder {first + n % 7};"
        f"{70000000 + first + n % 7}"
        for n in range(count)
    ]
    return ("\r\n".join([header, *rows]) + "\r\n").encode("cp1252")


def test_the_history_says_who_imported_which_file_and_each_change_counts_once(policy_officer):
    run = check("lrk", "lrk_export.csv", user=policy_officer)
    services.import_run_confirm(run=run)
    location = Location.objects.get(lrk_number="456789121")
    created = location.history.get()
    assert created.history_user == policy_officer
    assert reason_display(created.history_change_reason) == "Import van lrk_export.csv"
    holder = Organisation.objects.get(pk=location.organisation_id).history.get()
    assert holder.history_user == policy_officer
    assert reason_display(holder.history_change_reason) == "Import van lrk_export.csv"

    changed_file = upload("lrk_export.csv").read().replace(b"Twee;24;", b"Twee;26;")
    run = check("lrk", "lrk_2.csv", data=changed_file, user=policy_officer)
    services.import_run_confirm(run=run)
    changed = Location.objects.get(pk=location.pk)
    assert (changed.capacity, changed.version) == (26, location.version + 1)
    latest = changed.history.first()
    assert latest.history_user == policy_officer
    assert reason_display(latest.history_change_reason) == "Import van lrk_2.csv"
    # A form opened before the import is told someone changed the location meanwhile.
    with pytest.raises(EditConflict):
        services.location_update(location=location, capacity=30, expected_version=location.version)


def test_the_import_reports_how_many_records_it_has_written_after_each_kind():
    table = read_table(lrk_file(10))
    seen = []
    result = plan("lrk", table, REFERENCE_DATE)
    written = apply_plan(result, file_name="lrk.csv", progress=seen.append)
    # First the seven holders, then their ten locations.
    assert seen[-1] == written == 17
    assert 7 in seen
    assert seen == sorted(seen)
    # Again with every capacity changed: ten records changed, none new.
    changed = lrk_file(10).replace(b";Ingeschreven;", b"0;Ingeschreven;")
    result = plan("lrk", read_table(changed), REFERENCE_DATE)
    assert apply_plan(result, file_name="lrk_2.csv") == 10


def test_an_import_takes_as_many_queries_for_a_large_file_as_for_a_small_one():
    def queries_to_import(count, first):
        run = check("lrk", f"lrk_{count}.csv", data=lrk_file(count, first))
        with CaptureQueriesContext(connection) as context:
            run = services.import_run_confirm(run=run)
        assert run.summary["new"] == count
        return len(context)

    queries_to_import(1, first=0)  # the content types are looked up once, then remembered
    # Small enough that SQLite takes the provenance in one statement, as PostgreSQL takes more.
    assert queries_to_import(3, first=1000) == queries_to_import(9, first=2000)


def test_pages_that_show_organisations_locations_or_wijken_show_the_import(db):
    """The import writes in bulk, past the signals; it marks both apps' data as changed, so no
    kept page that shows them is served again."""

    def write(source, name):
        apply_plan(plan(source, read_table(sample(name)), REFERENCE_DATE), file_name=name)

    before = {app: versions((app,)) for app in ("partners", "kindportaal")}
    write("lrk", "lrk_export.csv")
    assert versions(("partners",)) != before["partners"]
    write("cbs", "cbs_kerncijfers_wijken.csv")
    assert versions(("kindportaal",)) != before["kindportaal"]


def test_a_large_file_is_written_in_statements_of_a_bounded_size(monkeypatch):
    monkeypatch.setattr(applying, "BATCH", 4)
    result = plan("lrk", read_table(lrk_file(10)), REFERENCE_DATE)
    with CaptureQueriesContext(connection) as context:
        apply_plan(result, file_name="lrk.csv")
    inserts = Counter(
        query["sql"].split('"')[1] for query in context if query["sql"].startswith("INSERT")
    )
    provenance = Provenance.objects.count()
    assert inserts == {
        "partners_organisation": 2,  # seven holders
        "partners_historicalorganisation": 2,
        "partners_location": 3,  # ten locations
        "partners_historicallocation": 3,
        "partners_provenance": -(-provenance // 4),
    }


# The preview: what the uploader sees before confirming.


def lrk_rows(*rows):
    """An LRK file of the sample's header and `rows` (each a list of its twelve values)."""
    header = sample("lrk_export.csv").decode("cp1252").splitlines()[0]
    lines = [header, *(";".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def lrk_row(lrk_id, name, places="20", holder="Houder", holder_kvk="70000001", cbs="9999"):
    return [
        lrk_id, "KDV", name, places, "Ingeschreven", "Laan 1", "1011AB", "Voorbeeldstad",
        cbs, "Voorbeeldstad", holder, holder_kvk,
    ]  # fmt: skip


def test_the_preview_lists_each_new_record_with_its_line_and_values():
    OrganisationFactory(name="Kinderopvang Zonnestraal", kvk_number="52345678")
    run = check("lrk", "lrk_export.csv")
    changed = run.preview["changed"]
    # Organisations first, in the order of their first line; then the locations.
    assert [(row["model"], row["key"], row["line"]) for row in changed] == [
        ("organisation", "52567890", 4),
        ("organisation", "63456789", 5),
        ("organisation", "64567890", 8),
        ("location", "123456781", 2),
        ("location", "123456782", 3),
        ("location", "345678911", 4),
        ("location", "456789121", 5),
        ("location", "456789122", 6),
        ("location", "456789123", 7),
        ("location", "456789124", 8),
    ]
    holder, creche = changed[1], changed[6]
    assert holder == {
        "line": 5,
        "model": "organisation",
        "key": "63456789",
        "label": "Crèche Ééntje B.V.",
        "action": "new",
        "changes": [{"field": "name", "old": None, "new": "Crèche Ééntje B.V."}],
    }
    assert (creche["label"], creche["action"]) == ("Crèche Ééntje Twee", "new")
    assert {change["field"]: (change["old"], change["new"]) for change in creche["changes"]} == {
        "name": (None, "Crèche Ééntje Twee"),
        "street": (None, "Café-laan"),
        "house_number": (None, "3"),
        "postcode": (None, "1031 KL"),
        "city": (None, "Voorbeeldstad"),
        "capacity": (None, 24),
        "count_reference_date": (None, "2025-01-01"),
        "is_active": (None, True),
        "organisation": (None, "Crèche Ééntje B.V."),  # the new holder, by its name
    }
    # A location of a holder the portal has shows that holder by its name.
    zonnestraal = {change["field"]: change["new"] for change in changed[3]["changes"]}
    assert zonnestraal["organisation"] == "Kinderopvang Zonnestraal"
    assert run.summary == {
        "rows": 11,
        "new": 7,
        "changed": 0,
        "unchanged": 0,
        "skipped": 3,
        "rejected": 1,
        "conflicts": 0,
        "organisations_new": 3,
        "organisations_changed": 0,
    }


def test_a_location_moving_to_another_holder_shows_both_holders_by_name():
    old = OrganisationFactory(name="Oude Houder", kvk_number="71000001")
    OrganisationFactory(name="Kinderopvang Zonnestraal", kvk_number="52345678")
    LocationFactory(lrk_number="123456781", organisation=old, name="Oud KDV", capacity=64)
    LocationFactory(lrk_number="456789121", organisation=old, name="Oude Crèche")
    run = check("lrk", "lrk_export.csv")
    by_key = {row["key"]: row for row in run.preview["changed"]}
    zonnestraal = by_key["123456781"]
    assert (zonnestraal["line"], zonnestraal["action"]) == (2, "changed")
    assert zonnestraal["label"] == "Kinderdagverblijf Zonnestraal Centrum"
    changes = {change["field"]: (change["old"], change["new"]) for change in zonnestraal["changes"]}
    assert changes["organisation"] == ("Oude Houder", "Kinderopvang Zonnestraal")
    assert changes["name"] == ("Oud KDV", "Kinderdagverblijf Zonnestraal Centrum")
    assert "capacity" not in changes, "an unchanged value is not listed"
    creche = {change["field"]: change for change in by_key["456789121"]["changes"]}
    assert (creche["organisation"]["old"], creche["organisation"]["new"]) == (
        "Oude Houder",
        "Crèche Ééntje B.V.",
    )
    assert (run.summary["changed"], run.summary["new"]) == (2, 5)


def test_a_holder_renamed_in_the_register_counts_as_a_changed_organisation(
    client_for, policy_officer
):
    OrganisationFactory(name="Zonnestraal (oude naam)", kvk_number="52345678")
    run = check("lrk", "lrk_export.csv")
    assert (run.summary["organisations_new"], run.summary["organisations_changed"]) == (3, 1)
    renamed = next(row for row in run.preview["changed"] if row["key"] == "52345678")
    assert renamed["changes"] == [
        {"field": "name", "old": "Zonnestraal (oude naam)", "new": "Kinderopvang Zonnestraal"}
    ]
    page = client_for(policy_officer).get(run.get_absolute_url()).content.decode()
    summary = page[page.index('id="import-summary"') :]
    assert "Gewijzigde organisaties" in summary


def test_rows_that_do_not_fit_are_rejected_with_their_line_and_a_dutch_reason():
    data = lrk_rows(
        lrk_row("300000001", "KDV Een"),
        ["300000002", "KDV", "Te kort"],
        lrk_row("300000003", "KDV Drie"),
        lrk_row("300000001", "KDV Een nog eens"),
        lrk_row("300000004", "KDV Vier"),
    )
    run = check("lrk", "lrk.csv", data=data)
    assert run.preview["rejected"] == [
        {
            "line": 3,
            "reason": "De regel heeft 3 waarden, terwijl de kopregel 12 kolommen heeft.",
        },
        {
            "line": 5,
            "reason": "300000001 staat ook op regel 2; alleen die regel wordt overgenomen.",
        },
    ]
    # The rows after a rejected one are read as well.
    keys = [row["key"] for row in run.preview["changed"] if row["model"] == "location"]
    assert keys == ["300000001", "300000003", "300000004"]
    assert (run.summary["rows"], run.summary["rejected"], run.summary["new"]) == (5, 2, 3)


def test_a_value_the_field_refuses_is_rejected_with_every_message_of_the_field():
    row = lrk_row("300000001", "KDV Een")
    row[6] = "12345678"  # too long for a postcode, and not one
    run = check("lrk", "lrk.csv", data=lrk_rows(lrk_row("300000002", "KDV Twee"), row))
    assert run.preview["rejected"] == [
        {
            "line": 3,
            "reason": "postcode: Vul een Nederlandse postcode in: vier cijfers en twee letters, "
            "bijvoorbeeld 1234 AB. Zorg dat deze waarde niet meer dan 7 tekens bevat (het zijn "
            "er nu 8).",
        }
    ]


def test_rows_not_taken_are_grouped_by_reason_with_their_first_ten_lines(
    client_for, policy_officer
):
    rows = [lrk_row(str(300000000 + n), f"KDV {n}", cbs="0437") for n in range(12)]
    rows.insert(1, lrk_row("300000100", "KDV Hier"))
    run = check("lrk", "lrk.csv", data=lrk_rows(*rows))
    assert run.preview["skipped"] == [
        {
            "reason": "Een gegeven van een andere gemeente.",
            "count": 12,
            "lines": [2, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        }
    ]
    assert (run.summary["rows"], run.summary["skipped"], run.summary["new"]) == (13, 12, 1)
    page = client_for(policy_officer).get(run.get_absolute_url()).content.decode()
    assert "12 regels" in page and "2, 4, 5, 6, 7, 8, 9, 10, 11, 12, …" in page


def test_rows_not_taken_are_listed_in_the_order_of_their_lines():
    import_file("duo_schools", "duo_vestigingen_bo.csv")
    data = (
        b"INSTELLINGSCODE;VESTIGINGSCODE;GEMEENTENUMMER;LEERLINGEN_2024\n"
        b"99ZZ;99ZZ00;9999;80\n"  # no such school: found out after reading every row
        b"17EF;17EF03;9999;<5\n"
        b"99ZZ;99ZZ01;9999;81\n"
    )
    run = check("duo_pupils", "leerlingen.csv", data=data)
    assert [(group["reason"], group["lines"]) for group in run.preview["skipped"]] == [
        ("Geen schoollocatie in het portaal.", [2, 4]),
        ("Het aantal is afgeschermd (kleine aantallen); het portaal houdt het eigen aantal.", [3]),
    ]


def test_the_preview_names_a_school_by_its_name_when_the_file_has_none():
    import_file("duo_schools", "duo_vestigingen_bo.csv")
    run = check("duo_pupils", "duo_leerlingen_vestiging.csv")
    regenboog = next(row for row in run.preview["changed"] if row["key"] == "12AB00")
    assert (regenboog["label"], regenboog["line"]) == ("OBS De Regenboog", 2)


def test_a_new_school_board_is_named_by_its_number_until_the_boards_file_names_it():
    run = check("duo_schools", "duo_vestigingen_bo.csv")
    board = next(row for row in run.preview["changed"] if row["key"] == "41234")
    assert (board["model"], board["label"], board["line"]) == ("organisation", "41234", 2)
    school = next(row for row in run.preview["changed"] if row["key"] == "12AB00")
    assert {"field": "organisation", "old": None, "new": "41234"} in school["changes"]


def test_lrk_rows_without_a_cbs_code_are_taken_by_the_name_of_the_gemeente():
    here = lrk_row("300000001", "KDV Hier", cbs="")
    elsewhere = lrk_row("300000002", "KDV Daar", cbs="")
    elsewhere[9] = "Ouder-Amstel"
    run = check("lrk", "lrk.csv", data=lrk_rows(here, elsewhere))
    assert [row["key"] for row in run.preview["changed"] if row["model"] == "location"] == [
        "300000001"
    ]
    assert run.summary["skipped"] == 1


@pytest.mark.parametrize(("count", "truncated"), [(3, False), (4, True)])
def test_the_preview_keeps_the_first_rows_of_each_list_and_says_so(monkeypatch, count, truncated):
    from partners.registers import planning

    monkeypatch.setattr(planning, "SHOWN", 3)
    short = [[str(300000000 + n), "KDV"] for n in range(count)]
    run = check("lrk", "lrk.csv", data=lrk_rows(*short))
    assert (len(run.preview["rejected"]), run.preview["truncated"]) == (3, truncated)
    assert run.summary["rejected"] == count, "the counts are complete"
    # One holder and `count` locations to create.
    run = check("lrk", "lrk.csv", data=lrk_rows(*(lrk_row(row[0], "KDV") for row in short)))
    assert (len(run.preview["changed"]), run.preview["truncated"]) == (3, True)
    assert run.summary["new"] == count


def test_the_preview_says_so_when_only_the_conflicts_are_too_many(monkeypatch):
    from partners.registers import planning

    rows = [lrk_row(str(300000000 + n), f"KDV {n}") for n in range(4)]
    import_file("lrk", "lrk.csv", data=lrk_rows(*rows))
    Location.objects.update(capacity=30)  # by hand
    monkeypatch.setattr(planning, "SHOWN", 3)
    for row in rows:
        row[3] = "25"
    run = check("lrk", "lrk.csv", data=lrk_rows(*rows))
    assert (run.summary["conflicts"], run.summary["changed"]) == (4, 0)
    assert (len(run.preview["conflicts"]), run.preview["changed"]) == (3, [])
    assert run.preview["truncated"] is True


def test_checking_a_large_file_reports_its_progress_every_200_rows():
    seen = []
    plan("lrk", read_table(lrk_file(450)), REFERENCE_DATE, progress=seen.append)
    assert seen == [200, 400]
    seen.clear()
    plan("lrk", read_table(lrk_file(199)), REFERENCE_DATE, progress=seen.append)
    assert seen == [], "199 rows are fewer than 200"


def test_a_conflict_shows_the_record_and_the_three_values_of_a_date_too():
    import_file("lrk", "lrk.csv", data=lrk_rows(lrk_row("300000001", "KDV Een", places="20")))
    location = Location.objects.get(lrk_number="300000001")
    services.location_update(
        location=location,
        count_reference_date=datetime.date(2024, 6, 1),
        expected_version=location.version,
    )
    run = services.import_run_create(
        source="lrk",
        uploaded_file=upload("lrk.csv", lrk_rows(lrk_row("300000001", "KDV Een", places="22"))),
        reference_date=datetime.date(2025, 2, 1),
    )
    assert run.preview["conflicts"] == [
        {
            "line": 2,
            "model": "location",
            "key": "300000001",
            "label": "KDV Een",
            "field": "count_reference_date",
            "current": "2024-06-01",
            "imported": "2025-01-01",
            "incoming": "2025-02-01",
        }
    ]
    # The places were not changed by hand: they change, the date does not.
    (changed,) = run.preview["changed"]
    assert changed["changes"] == [{"field": "capacity", "old": 20, "new": 22}]


def test_a_record_the_portal_has_already_gets_the_registers_provenance_without_a_change():
    holder = OrganisationFactory(name="Houder", kvk_number="70000001")
    LocationFactory(
        lrk_number="300000001",
        organisation=holder,
        name="KDV Een",
        street="Laan",
        house_number="1",
        postcode="1011 AB",
        city="Voorbeeldstad",
        capacity=10,  # the register says 20
        count_reference_date=REFERENCE_DATE,
        is_active=True,
    )
    result = plan("lrk", read_table(lrk_rows(lrk_row("300000001", "KDV Een"))), REFERENCE_DATE)
    assert result.has_changes
    assert result.summary()["changed"] == 1
    import_file("lrk", "lrk.csv", data=lrk_rows(lrk_row("300000001", "KDV Een")))
    location = Location.objects.get(lrk_number="300000001")
    imported = dict(
        Provenance.objects.filter(
            object_id=location.pk, content_type__model="location"
        ).values_list("field", "value")
    )
    assert imported == {
        "name": "KDV Een",  # confirmed by the register, with the value the portal has
        "street": "Laan",
        "house_number": "1",
        "postcode": "1011 AB",
        "city": "Voorbeeldstad",
        "capacity": 20,  # changed
        "count_reference_date": "2025-01-01",
        "is_active": True,
        "organisation": holder.pk,
    }
    result = plan("lrk", read_table(lrk_rows(lrk_row("300000001", "KDV Een"))), REFERENCE_DATE)
    assert not result.has_changes, "the second time there is nothing to write"


def test_a_record_that_only_lacks_provenance_has_changes_to_write():
    holder = OrganisationFactory(name="Houder", kvk_number="70000001")
    LocationFactory(
        lrk_number="300000001", organisation=holder, name="KDV Een", street="Laan",
        house_number="1", postcode="1011 AB", city="Voorbeeldstad", capacity=20,
        count_reference_date=REFERENCE_DATE, is_active=True,
    )  # fmt: skip
    result = plan("lrk", read_table(lrk_rows(lrk_row("300000001", "KDV Een"))), REFERENCE_DATE)
    assert result.summary()["unchanged"] == 1 and result.summary()["changed"] == 0
    assert result.has_changes, "the values are the register's now: their provenance is new"


def test_a_value_set_by_hand_to_what_the_register_then_says_is_the_registers_again():
    import_file("lrk", "lrk.csv", data=lrk_rows(lrk_row("300000001", "KDV Een", places="20")))
    Location.objects.filter(lrk_number="300000001").update(capacity=26)  # by hand
    # The register now says 26 as well: no conflict, and 26 is the imported value from now on.
    run = import_file("lrk", "lrk.csv", data=lrk_rows(lrk_row("300000001", "KDV Een", places="26")))
    assert (run.summary["conflicts"], run.summary["changed"]) == (0, 0)
    run = check("lrk", "lrk.csv", data=lrk_rows(lrk_row("300000001", "KDV Een", places="28")))
    assert (run.summary["conflicts"], run.summary["changed"]) == (0, 1)


def test_a_board_whose_kvk_number_another_organisation_has_is_rejected_with_its_line():
    import_file("duo_schools", "duo_vestigingen_bo.csv")
    OrganisationFactory(name="Kinderopvang De Waarden", kvk_number="41345678")
    OrganisationFactory(name="Zonder KvK", kvk_number="")
    Organisation.objects.filter(duo_board_number="42890").update(kvk_number="41456789")
    # The register no longer has this board's KvK number.
    data = sample("duo_bevoegde_gezagen.csv").replace(b"9999;41456789", b"9999;")
    run = check("duo_boards", "gezagen.csv", data=data)
    assert run.preview["rejected"] == [
        {
            "line": 3,
            "reason": "Stichting Katholiek Onderwijs De Waarden: "
            "Een andere organisatie heeft dit KvK-nummer al.",
        }
    ]
    assert "41567" not in [row["key"] for row in run.preview["changed"]]
    assert (run.summary["rejected"], run.summary["changed"], run.summary["rows"]) == (1, 3, 5)
    services.import_run_confirm(run=run)
    assert Organisation.objects.get(duo_board_number="41567").name == "Schoolbestuur 41567"
    # A board without a KvK number shares no number with the other organisations without one.
    board = Organisation.objects.get(duo_board_number="42890")
    assert (board.name, board.kvk_number) == (
        "Vereniging Christelijk Basisonderwijs Voorbeeldstad",
        "",
    )


def test_a_wijk_whose_new_name_another_wijk_has_is_rejected_with_its_line():
    Wijk.objects.create(name="Centrum", cbs_code="WK999900")
    Wijk.objects.create(name="Oosterpark", cbs_code="WK999950")
    Wijk.objects.create(name="Havenkwartier", cbs_code="WK999960")
    run = check("cbs", "cbs_kerncijfers_wijken.csv")
    assert run.preview["rejected"] == [
        {"line": 4, "reason": "Oosterpark: Een andere wijk heeft deze naam."},
        {"line": 6, "reason": "Havenkwartier: Een andere wijk heeft deze naam."},
    ]
    assert [row["key"] for row in run.preview["changed"]] == ["WK999900"]
    assert (run.summary["new"], run.summary["changed"], run.summary["rejected"]) == (0, 1, 2)
    services.import_run_confirm(run=run)
    assert Wijk.objects.get(cbs_code="WK999900").name == "Centrum-West"
    assert not Wijk.objects.filter(cbs_code__in=["WK999901", "WK999906"]).exists()


def test_a_value_changed_by_hand_does_not_hold_back_the_other_values_of_the_record():
    import_file("lrk", "lrk.csv", data=lrk_rows(lrk_row("300000001", "KDV Een", places="20")))
    Location.objects.filter(lrk_number="300000001").update(name="KDV Eén")  # by hand
    changed = lrk_rows(lrk_row("300000001", "KDV Een (nieuw)", places="22"))
    run = check("lrk", "lrk.csv", data=changed)
    assert [conflict["field"] for conflict in run.preview["conflicts"]] == ["name"]
    (record,) = run.preview["changed"]
    assert record["changes"] == [{"field": "capacity", "old": 20, "new": 22}]
