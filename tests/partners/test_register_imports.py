"""Importing the registers: only the gemeente's records, matched by their identifiers, a preview
first, all or nothing, provenance per value, hand edits kept, and nothing changes the second
time."""

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


def import_file(source, name, **kwargs):
    run = check(source, name)
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
    services.location_update(
        location=location, changes={"capacity": 30}, expected_version=location.version
    )
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
        services.location_update(
            location=location, changes={"capacity": 30}, expected_version=location.version
        )


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
