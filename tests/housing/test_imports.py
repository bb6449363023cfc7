"""Importing buildings and prognoses through the register imports' preview: a good file, a broken
one (each row's reason in Dutch, nothing changed), another gemeente's (refused), the same file
again (nothing changes), and who may do it."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from housing.models import Building, ChildrenForecast, PupilForecast
from partners import services
from partners.models import ImportRun, ImportStatus, Provenance
from tests.housing.factories import BuildingFactory, BuildingLocationFactory
from tests.housing.test_pages import text
from tests.kindportaal.factories import WijkFactory
from tests.partners.factories import MembershipFactory, SchoolBoardFactory, SchoolLocationFactory
from tests.partners.registers import REFERENCE_DATE, make_gemeente

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "housing" / "samples"
WIJKEN = ["Centrum", "Oosterpark", "Westhaven", "De Akkers", "Noorderveld", "Zuidrand"]


def sample(name):
    return (SAMPLES / name).read_bytes()


@pytest.fixture
def board(db):
    """The school board that owns Kindcentrum De Wissel in gebouwen.csv (as in the demo)."""
    return SchoolBoardFactory(kvk_number="41234567")


@pytest.fixture
def voorbeeldstad(db):
    make_gemeente()
    return {
        name: WijkFactory(name=name, cbs_code=f"WK9999{number:02d}")
        for number, name in enumerate(WIJKEN)
    }


def check(source, name, data=None, user=None):
    return services.import_run_create(
        source=source,
        uploaded_file=SimpleUploadedFile(name, sample(name) if data is None else data),
        reference_date=REFERENCE_DATE,
        user=user,
        inline=True,
    )


def imported(source, name, data=None, user=None):
    run = check(source, name, data, user)
    assert run.status == ImportStatus.READY, run.error
    return services.import_run_confirm(run=run, user=user, inline=True)


def reasons(run):
    return {row["line"]: row["reason"] for row in run.preview["rejected"]}


def state():
    buildings = list(Building.objects.order_by("bag_id").values())
    return (
        buildings,
        list(ChildrenForecast.objects.order_by("wijk", "year").values()),
        list(PupilForecast.objects.order_by("location", "year").values()),
        Building.history.count(),
        list(Provenance.objects.order_by("pk").values_list("field", "value", "run")),
    )


# Buildings


def test_a_buildings_file_adds_the_buildings_with_their_provenance(
    voorbeeldstad, board, policy_officer
):
    run = imported("buildings", "gebouwen.csv", user=policy_officer)
    assert run.status == ImportStatus.DONE
    assert run.summary["new"] == 4 and run.summary["rejected"] == 0
    wissel = Building.objects.get(bag_id="9999100000000061")
    assert wissel.name == "Kindcentrum De Wissel"
    assert wissel.wijk == voorbeeldstad["Oosterpark"]
    assert wissel.owner_kind == "school_board"
    assert wissel.owner_organisation == board
    assert (wissel.house_number, wissel.floor_area, wissel.energy_label) == ("12a", 3250, "A++")
    assert wissel.inspected_on.isoformat() == "2024-09-01"
    assert Building.objects.get(bag_id="9999100000000062").postcode == "9902 EF"
    assert Building.objects.get(bag_id="9999100000000001").city == "Voorbeeldstad"
    provenance = Provenance.objects.filter(object_id=wissel.pk, field="school_places").get()
    assert (provenance.value, provenance.file_name, provenance.run) == (350, "gebouwen.csv", run)
    entry = wissel.history.get()
    assert entry.history_user == policy_officer and "gebouwen.csv" in entry.history_change_reason


def test_importing_the_same_buildings_file_again_changes_nothing(voorbeeldstad, board):
    imported("buildings", "gebouwen.csv")
    before = state()
    run = imported("buildings", "gebouwen.csv")
    assert (run.summary["new"], run.summary["changed"], run.summary["unchanged"]) == (0, 0, 4)
    after = state()
    assert after[:4] == before[:4]
    assert after[4] == before[4]  # not even the provenance is written again


def test_a_buildings_file_updates_by_bag_id_and_keeps_what_it_has_no_column_for(
    voorbeeldstad, board
):
    existing = BuildingFactory(
        bag_id="9999100000000001",
        name="Oude naam",
        wijk=voorbeeldstad["Centrum"],
        notes="Dak in 2027 vervangen.",
    )
    run = check("buildings", "gebouwen.csv")
    changed = next(row for row in run.preview["changed"] if row["key"] == existing.bag_id)
    assert {"field": "name", "old": "Oude naam", "new": "Schoolgebouw Centrum"} in changed[
        "changes"
    ]
    services.import_run_confirm(run=run, inline=True)
    existing.refresh_from_db()
    assert existing.name == "Schoolgebouw Centrum" and existing.school_places == 792
    assert existing.notes == "Dak in 2027 vervangen."
    assert existing.version == 2


def test_a_broken_buildings_file_says_per_row_why_in_dutch_and_changes_nothing(voorbeeldstad):
    before = state()
    run = check("buildings", "gebouwen_met_fouten.csv")
    assert run.status == ImportStatus.READY
    assert reasons(run) == {
        3: "Wijk WK999977 is geen wijk in het portaal.",
        4: "BAG-pandnummer: Vul het BAG-pandnummer in: 16 cijfers, bijvoorbeeld 0363100012345678.",
        5: "Een conditiescore heeft de datum van zijn inspectie nodig (inspectiedatum).",
        6: "Onbekende eigenaar (eigenaar): “woningcorporatie”; geef gemeente, schoolbestuur, "
        "kinderopvang of anders.",
        7: "Onbekend energielabel: “Z”; geef A++++ tot en met G.",
        8: "bouwjaar is geen geheel getal: “negentig”.",
        9: "inspectiedatum is geen datum (zoals 2025-03-01 of 1-3-2025): “31-02-2024”.",
        10: "9999100000000070 staat ook op regel 2; alleen die regel wordt overgenomen.",
    }
    # The one good row is not imported either: the gemeente's file goes in whole or not at all.
    assert run.summary["new"] == 1
    with pytest.raises(ValidationError) as error:
        services.import_run_confirm(run=run, inline=True)
    assert error.value.messages == [
        "Dit bestand wordt in zijn geheel geïmporteerd of helemaal niet, en 8 regels zijn "
        "afgewezen: verbeter ze in het bestand en upload het bestand opnieuw."
    ]
    assert state() == before


def test_a_buildings_file_of_another_gemeente_is_refused(voorbeeldstad):
    data = sample("gebouwen.csv").replace(b"99991000000000", b"03631000000000")
    run = check("buildings", "gebouwen.csv", data)
    assert run.status == ImportStatus.FAILED
    assert run.error == (
        "Dit bestand bevat alleen gegevens van een andere gemeente, geen van Voorbeeldstad: er "
        "kan niets uit worden geïmporteerd."
    )
    with pytest.raises(ValidationError):
        services.import_run_confirm(run=run, inline=True)
    assert not Building.objects.exists()


# Prognoses of children per wijk


def test_a_prognosis_file_gives_each_wijk_its_children_per_year(voorbeeldstad):
    run = imported("children_forecast", "prognose_kinderen_wijken.csv")
    assert run.summary["new"] == 60
    assert run.summary["skipped"] == 1  # the gemeente as a whole
    akkers = ChildrenForecast.objects.get(wijk=voorbeeldstad["De Akkers"], year=2030)
    assert (akkers.children_0_4, akkers.children_4_12) == (1343, 2486)
    assert akkers.source == "Bevolkingsprognose Voorbeeldstad 2026 (gemeente)"
    provenance = Provenance.objects.get(object_id=akkers.pk, field="children_0_4")
    assert provenance.file_name == "prognose_kinderen_wijken.csv"


def test_a_new_prognosis_changes_the_years_it_gives_and_again_nothing(voorbeeldstad):
    imported("children_forecast", "prognose_kinderen_wijken.csv")
    data = sample("prognose_kinderen_wijken.csv").replace(
        b"WK999903;De Akkers;2030;1343;2486", b"WK999903;De Akkers;2030;1400;2600"
    )
    run = imported("children_forecast", "prognose_kinderen_wijken.csv", data)
    assert (run.summary["new"], run.summary["changed"], run.summary["unchanged"]) == (0, 1, 59)
    akkers = ChildrenForecast.objects.get(wijk=voorbeeldstad["De Akkers"], year=2030)
    assert (akkers.children_0_4, akkers.children_4_12) == (1400, 2600)
    before = state()
    run = imported("children_forecast", "prognose_kinderen_wijken.csv", data)
    assert (run.summary["new"], run.summary["changed"]) == (0, 0)
    assert state() == before


def test_a_broken_prognosis_file_says_why_per_row(voorbeeldstad):
    data = (
        b"wijkcode;jaar;kinderen_0_4;kinderen_4_12\n"
        b"WK999901;2027;990;1700\n"
        b"WK999977;2027;10;20\n"
        b"WK999901;1999;990;1700\n"
        b"WK999901;2028;;1700\n"
        b"WK999901;2029;veel;1700\n"
        b"WK999901;2027;995;1710\n"
    )
    run = check("children_forecast", "prognose.csv", data)
    assert reasons(run) == {
        3: "Wijk WK999977 is geen wijk in het portaal.",
        4: "jaar: Vul een jaar vanaf 2000 in.",
        5: "kinderen_0_4 is leeg.",
        6: "kinderen_0_4 is geen geheel getal: “veel”.",
        7: "WK999901 2027 staat ook op regel 2; alleen die regel wordt overgenomen.",
    }
    assert not ChildrenForecast.objects.exists()


def test_a_prognosis_of_another_gemeente_is_refused(voorbeeldstad):
    data = b"wijkcode;jaar;kinderen_0_4;kinderen_4_12\nWK036301;2027;990;1700\n"
    run = check("children_forecast", "prognose.csv", data)
    assert run.status == ImportStatus.FAILED
    assert "alleen gegevens van een andere gemeente" in run.error
    assert not ChildrenForecast.objects.exists()


def test_a_file_of_the_wrong_kind_is_refused_at_the_field(voorbeeldstad):
    with pytest.raises(ValidationError) as error:
        check("children_forecast", "gebouwen.csv")
    message = error.value.message_dict["file"][0]
    assert "Dit is geen bestand van “Gemeente of CBS: prognose van kinderen per wijk”" in message
    assert "Het lijkt een bestand van “Gemeente: gebouwen (BAG-id)”" in message


# DUO's leerlingenprognose


def test_duos_forecast_of_pupils_is_taken_for_the_portals_school_locations(voorbeeldstad):
    regenboog = SchoolLocationFactory(school_code="12AB00")
    kompas = SchoolLocationFactory(school_code="12AB01")
    zonnewijzer = SchoolLocationFactory(school_code="17EF02")
    run = imported("duo_pupil_forecast", "duo_leerlingenprognose_vestiging.csv")
    assert run.summary["new"] == 10
    skipped = {row["reason"]: row["lines"] for row in run.preview["skipped"]}
    assert skipped == {
        "Het aantal is afgeschermd (kleine aantallen); het portaal houdt het eigen aantal.": [5],
        "Geen schoollocatie in het portaal.": [4, 6],
        "Een gegeven van een andere gemeente.": [7],
    }
    forecast = dict(PupilForecast.objects.filter(location=kompas).values_list("year", "pupils"))
    assert forecast == {2026: 251, 2027: 262, 2028: 270, 2030: 284, 2035: 290}
    assert PupilForecast.objects.filter(location=regenboog).count() == 5
    assert not PupilForecast.objects.filter(location=zonnewijzer).exists()
    again = imported("duo_pupil_forecast", "duo_leerlingenprognose_vestiging.csv")
    assert (again.summary["new"], again.summary["changed"]) == (0, 0)


def test_a_duo_forecast_of_another_gemeente_only_is_refused(voorbeeldstad):
    SchoolLocationFactory(school_code="10AA00")
    data = b"GEMEENTENUMMER;INSTELLINGSCODE;VESTIGINGSCODE;PROGNOSE_2027\n363;10AA;10AA00;410\n"
    run = check("duo_pupil_forecast", "prognose.csv", data)
    assert run.status == ImportStatus.FAILED
    assert not PupilForecast.objects.exists()


# Who may


def test_a_policy_officer_imports_buildings_from_the_import_page(
    client_for, policy_officer, voorbeeldstad, board
):
    client = client_for(policy_officer)
    page = client.get(reverse("housing:building_list")).content.decode()
    upload_url = reverse("partners:import_upload") + "?source=buildings"
    assert upload_url in page
    form = client.get(upload_url).content.decode()
    assert '<option value="buildings" selected>' in form
    response = client.post(
        reverse("partners:import_upload"),
        {
            "source": "buildings",
            "file": SimpleUploadedFile("gebouwen.csv", sample("gebouwen.csv")),
            "reference_date": "2025-01-01",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Gemeente: gebouwen (BAG-id): gebouwen.csv" in page
    assert "Kindcentrum De Wissel" in page
    assert not Building.objects.exists()
    run = ImportRun.objects.get()
    response = client.post(reverse("partners:import_confirm", args=[run.pk]), follow=True)
    assert "Het bestand is geïmporteerd." in response.content.decode()
    assert Building.objects.count() == 4


@pytest.mark.parametrize("persona", ["director_a", "council_member"])
def test_directors_and_council_members_do_not_import_for_the_gemeente(
    request, client_for, persona, voorbeeldstad
):
    client = client_for(request.getfixturevalue(persona))
    page = client.get(reverse("housing:building_list")).content.decode()
    assert reverse("partners:import_upload") not in page
    response = client.post(
        reverse("partners:import_upload"),
        {
            "source": "buildings",
            "file": SimpleUploadedFile("gebouwen.csv", sample("gebouwen.csv")),
            "reference_date": "2025-01-01",
        },
    )
    assert response.status_code == 403
    assert not ImportRun.objects.exists() and not Building.objects.exists()


def test_the_building_page_shows_where_its_values_and_pupils_come_from(
    client_for, policy_officer, council_member, voorbeeldstad, board
):
    imported("buildings", "gebouwen.csv")
    building = Building.objects.get(bag_id="9999100000000001")
    for code in ("12AB00", "12AB01"):
        BuildingLocationFactory(building=building, location=SchoolLocationFactory(school_code=code))
    imported("duo_pupil_forecast", "duo_leerlingenprognose_vestiging.csv")
    page = text(client_for(council_member).get(building.get_absolute_url()))
    assert "Leerlingenprognose (DUO)" in page
    assert "2030 614 792" in page  # 330 + 284 pupils against the building's 792 places
    assert "Herkomst" in page and "gebouwen.csv" in page
    officer_page = client_for(policy_officer).get(building.get_absolute_url()).content.decode()
    run = ImportRun.objects.get(source="buildings")
    assert run.get_absolute_url() in officer_page


def test_the_preview_of_a_broken_gemeente_file_offers_no_import(
    client_for, policy_officer, voorbeeldstad
):
    run = check("buildings", "gebouwen_met_fouten.csv", user=policy_officer)
    page = text(client_for(policy_officer).get(run.get_absolute_url()))
    assert "Onbekend energielabel: “Z”; geef A++++ tot en met G." in page
    assert "8 regels zijn afgewezen: verbeter ze in het bestand" in page
    assert "Importeren" not in page.replace("Gebouwen importeren", "")
    response = client_for(policy_officer).post(
        reverse("partners:import_confirm", args=[run.pk]), follow=True
    )
    assert "8 regels zijn afgewezen" in text(response)
    assert not Building.objects.exists()


def test_the_owners_director_keeps_an_imported_building_current_and_others_read_it(
    client_for, director_a, director_b, voorbeeldstad, board
):
    MembershipFactory(user=director_b, organisation=board)
    imported("buildings", "gebouwen.csv")
    wissel = Building.objects.get(bag_id="9999100000000061")
    edit_url = reverse("housing:building_edit", args=[wissel.pk])
    assert client_for(director_b).get(edit_url).status_code == 200
    assert client_for(director_a).get(edit_url).status_code == 403
    page = text(client_for(director_a).get(wissel.get_absolute_url()))
    assert "Kindcentrum De Wissel" in page and "Herkomst" in page


def test_the_preview_names_the_wijk_owner_and_year_as_people_read_them(
    client_for, policy_officer, voorbeeldstad, board
):
    run = check("buildings", "gebouwen.csv", user=policy_officer)
    page = text(client_for(policy_officer).get(run.get_absolute_url()))
    assert "Wijk: Oosterpark" in page
    assert "Eigenaar: Een schoolbestuur" in page
    assert f"Organisatie die het bezit of beheert: {board.name}" in page
    assert "Bouwjaar: 2012" in page
    assert "Inspectiedatum: 1 september 2024" in page
