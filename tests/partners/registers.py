"""Helpers of the register import tests: the sample files and the demo gemeente."""

import datetime
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from kindportaal.models import Gemeente

SAMPLES = Path(__file__).resolve().parents[2] / "partners" / "registers" / "samples"
REFERENCE_DATE = datetime.date(2025, 1, 1)

# The sample files and the source each belongs to, in the order a gemeente would import them.
SAMPLE_FILES = [
    ("cbs", "cbs_kerncijfers_wijken.csv"),
    ("duo_schools", "duo_vestigingen_bo.csv"),
    ("duo_boards", "duo_bevoegde_gezagen.csv"),
    ("duo_pupils", "duo_leerlingen_vestiging.csv"),
    ("lrk", "lrk_export.csv"),
]


def sample(name):
    return (SAMPLES / name).read_bytes()


def upload(name, data=None):
    return SimpleUploadedFile(name, sample(name) if data is None else data)


def make_gemeente():
    Gemeente.objects.update_or_create(
        pk=1, defaults={"name": "Voorbeeldstad", "cbs_code": "GM9999"}
    )


def add_provenance(obj, *fields):
    """Provenance for `fields` of `obj`, as an import would record it."""
    import datetime as dt

    from django.contrib.contenttypes.models import ContentType

    from partners.models import Provenance

    content_type = ContentType.objects.get_for_model(type(obj))
    for name in fields:
        value = getattr(obj, obj._meta.get_field(name).attname)
        Provenance.objects.update_or_create(
            content_type=content_type,
            object_id=obj.pk,
            field=name,
            defaults={
                "value": value.isoformat() if isinstance(value, dt.date) else value,
                "source": "lrk",
                "file_name": "lrk.csv",
                "reference_date": REFERENCE_DATE,
            },
        )
