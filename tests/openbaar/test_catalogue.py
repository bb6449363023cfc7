"""data.overheid.nl's view of the open data: harvest the DCAT-AP-DONL catalogue, follow every
distribution to its file, and check that the file parses and matches its published field list."""

import csv
import datetime
import io
import json
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kindportaal.models import Wijk
from partners.models import Provenance, RegisterSource

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"


def _get(client, url):
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def _harvest():
    client = Client()
    response, body = _get(client, reverse("openbaar:catalogue"))
    assert response["Content-Type"].startswith("application/ld+json")
    return client, json.loads(body)


def _check_value(field, value):
    if value is None:
        return
    expected = {
        "integer": int,
        "number": (int, float),
        "string": str,
        "boolean": bool,
        "array": list,
    }.get(field["type"])
    if field["type"] == "date":
        datetime.date.fromisoformat(value)
    else:
        assert isinstance(value, expected), (field, value)


def test_every_distribution_parses_and_matches_its_field_list(public_world):
    client, catalogue = _harvest()
    assert catalogue["@type"] == "dcat:Catalog"
    datasets = catalogue["dcat:dataset"]
    assert {d["dct:identifier"].rsplit("#", 1)[1] for d in datasets} >= {
        "afspraken",
        "kindcentra",
        "wijken",
        "doelen",
        "metingen",
    }
    followed = 0
    for dataset in datasets:
        _response, schema_body = _get(client, dataset["dct:conformsTo"]["@id"])
        fields = json.loads(schema_body)["fields"]
        names = [f["name"] for f in fields]
        assert all(f["description"] and f["type"] and f["source"] for f in fields)
        rows = {}
        for distribution in dataset["dcat:distribution"]:
            response, body = _get(client, distribution["dcat:downloadURL"]["@id"])
            assert response["Content-Type"].startswith(distribution["dcat:mediaType"])
            if distribution["dcat:mediaType"] == "text/csv":
                reader = csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
                header, *records = list(reader)
                assert header == names
                assert all(len(record) == len(names) for record in records)
                rows["csv"] = len(records)
            else:
                records = json.loads(body)
                assert all(list(record) == names for record in records)
                for record in records:
                    for field in fields:
                        _check_value(field, record[field["name"]])
                rows["json"] = len(records)
            followed += 1
        assert rows["csv"] == rows["json"], dataset["dct:title"]
    assert followed == 2 * len(datasets)


def test_the_published_data_is_in_the_files(public_world):
    client, catalogue = _harvest()
    dataset = next(
        d for d in catalogue["dcat:dataset"] if d["dct:identifier"].endswith("#afspraken")
    )
    json_url = next(
        d["dcat:downloadURL"]["@id"]
        for d in dataset["dcat:distribution"]
        if "json" in d["dcat:mediaType"]
    )
    (record,) = json.loads(_get(client, json_url)[1])
    assert record["titel"] == "Gezamenlijke VVE-scholing"
    assert record["percentage_gereed"] == 40
    assert len(record["partijen"]) == 2


def test_the_catalogue_names_licence_publisher_and_modified_date(public_world, settings):
    _client, catalogue = _harvest()
    dataset = catalogue["dcat:dataset"][0]
    assert dataset["dct:license"]["@id"] == CC0
    assert dataset["dct:publisher"]["@id"].startswith("http://standaarden.overheid.nl/owms/terms/")
    assert dataset["overheid:authority"] == dataset["dct:publisher"]
    modified = datetime.datetime.fromisoformat(dataset["dct:modified"]["@value"])
    assert modified.date() <= timezone.localdate() + datetime.timedelta(days=1)
    for key in ("dct:title", "dct:description", "dct:language", "dcat:theme", "dcat:contactPoint"):
        assert dataset[key], key

    settings.OPEN_DATA_LICENSE = "http://creativecommons.org/licenses/by/4.0/deed.nl"
    _client, catalogue = _harvest()
    assert {d["dct:license"]["@id"] for d in catalogue["dcat:dataset"]} == {
        "http://creativecommons.org/licenses/by/4.0/deed.nl"
    }


def test_register_data_carries_its_provenance(public_world):
    wijk = Wijk.objects.get(pk=public_world["kindcentrum"].wijk_id)
    Provenance.objects.create(
        content_type=ContentType.objects.get_for_model(Wijk),
        object_id=wijk.pk,
        field="children_0_4",
        value=410,
        source=RegisterSource.CBS,
        file_name="kwb-2025.csv",
        reference_date=datetime.date(2025, 1, 1),
    )
    _client, catalogue = _harvest()
    wijken = next(d for d in catalogue["dcat:dataset"] if d["dct:identifier"].endswith("#wijken"))
    label = wijken["dct:provenance"]["rdfs:label"]
    assert "kwb-2025.csv" in label
    assert "2025-01-01" in label
    agreements = next(
        d for d in catalogue["dcat:dataset"] if d["dct:identifier"].endswith("#afspraken")
    )
    assert "dct:provenance" not in agreements
