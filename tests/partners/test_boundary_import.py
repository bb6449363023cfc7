"""Importing wijk boundaries from the CBS wijk and buurt map as PDOK publishes it (GeoJSON): the
shipped sample of Voorbeeldstad, another gemeente's file, WGS 84 coordinates, and broken files,
through the same preview, all-or-nothing import and provenance as the other registers."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from kindportaal.demo import DEMO_WIJKEN
from kindportaal.geo import wgs84_to_rd
from kindportaal.models import Wijk
from partners import services
from partners.models import ImportRun, ImportStatus, Provenance
from tests.partners.registers import REFERENCE_DATE, SAMPLES, make_gemeente, upload

pytestmark = pytest.mark.django_db

SOURCE = "cbs_boundaries"
SAMPLE = "pdok_wijken_voorbeeldstad.geojson"


@pytest.fixture(autouse=True)
def wijken():
    make_gemeente()
    for number, (name, young, older) in enumerate(DEMO_WIJKEN):
        Wijk.objects.create(
            name=name, cbs_code=f"WK9999{number:02d}", children_0_4=young, children_4_12=older
        )
    with translation.override("nl"):
        yield


def sample_collection():
    return json.loads((SAMPLES / SAMPLE).read_text())


def check(data=None, name=SAMPLE):
    return services.import_run_create(
        source=SOURCE, uploaded_file=upload(name, data), reference_date=REFERENCE_DATE
    )


def test_the_shipped_sample_gives_every_demo_wijk_its_outline_with_provenance():
    run = check()
    assert run.status == ImportStatus.READY, run.error
    assert run.summary["changed"] == len(DEMO_WIJKEN)
    assert run.summary["rejected"] == 0
    run = services.import_run_confirm(run=run)
    assert run.status == ImportStatus.DONE, run.error
    centrum = Wijk.objects.get(name="Centrum")
    ring = centrum.boundary[0][0]
    assert ring[0] == ring[-1]  # closed, in whole RD New metres
    assert all(140000 < x < 160000 and 440000 < y < 460000 for x, y in ring)
    provenance = Provenance.objects.get(object_id=centrum.pk, field="boundary")
    assert (provenance.source, provenance.file_name) == (SOURCE, SAMPLE)
    assert provenance.value == centrum.boundary
    # The same file again changes nothing.
    again = check()
    assert (again.summary["changed"], again.summary["unchanged"]) == (0, len(DEMO_WIJKEN))


def test_the_command_line_imports_the_same_way():
    out = io.StringIO()
    call_command("import_register", SOURCE, str(SAMPLES / SAMPLE), stdout=out)
    assert Wijk.objects.filter(boundary__isnull=False).count() == len(DEMO_WIJKEN)


def test_another_gemeentes_file_changes_nothing_and_says_why():
    collection = sample_collection()
    for feature in collection["features"]:
        properties = feature["properties"]
        properties["gemeentecode"] = "GM0363"
        properties["wijkcode"] = "WK0363" + properties["wijkcode"][-2:]
    run = check(json.dumps(collection).encode())
    assert run.status == ImportStatus.READY
    assert (run.summary["changed"], run.summary["new"]) == (0, 0)
    assert run.summary["skipped"] == len(DEMO_WIJKEN)
    assert [row["reason"] for row in run.preview["skipped"]] == [
        "Een gegeven van een andere gemeente."
    ]


def test_wgs84_coordinates_are_projected_and_a_broken_outline_is_rejected_with_its_reason():
    collection = sample_collection()
    del collection["crs"]
    first = collection["features"][0]
    ring = first["geometry"]["coordinates"][0]
    # Back to longitude and latitude, by searching the projection (accurate to well under a metre).
    degrees = []
    for x, y in ring:
        lon, lat = 5.0, 52.0
        for _step in range(30):
            px, py = wgs84_to_rd(lon, lat)
            lon += (x - px) / 68000
            lat += (y - py) / 111000
        degrees.append([lon, lat])
    first["geometry"]["coordinates"] = [degrees]
    collection["features"][1]["geometry"] = {"type": "Point", "coordinates": [150000, 450000]}
    run = check(json.dumps(collection).encode())
    assert run.summary["changed"] == len(DEMO_WIJKEN) - 1
    assert run.preview["rejected"] == [
        {"line": 2, "reason": "De geometrie is geen vlak (het is Point)."}
    ]
    services.import_run_confirm(run=run)
    centrum = Wijk.objects.get(name="Centrum")
    # Every corner lands within a few metres of where the RD New file has it.
    for x, y in centrum.boundary[0][0]:
        assert min(abs(x - rx) + abs(y - ry) for rx, ry in ring) <= 3, (x, y)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"type": "FeatureCollection", "features": [{"type": "Feat', "beschadigd op regel 1"),
        (b'{"type": "Feature", "properties": {}}', "geen GeoJSON FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "bevat geen gebieden"),
    ],
)
def test_a_broken_file_is_refused_with_a_dutch_message_and_nothing_changes(data, message):
    with pytest.raises(ValidationError) as error:
        check(data)
    assert message in error.value.message_dict["file"][0]
    assert not ImportRun.objects.exists()
    assert not Wijk.objects.filter(boundary__isnull=False).exists()


def test_a_csv_of_key_figures_is_not_taken_for_boundaries():
    with pytest.raises(ValidationError) as error:
        check(name="cbs_kerncijfers_wijken.csv")
    assert "geen grenzen" in error.value.message_dict["file"][0]
