"""Permission expectations for the partners app's URLs.

Organisation A is director_a's school board, organisation B director_b's childcare organisation
with `world.location`. A POST without data shows an allowed person the form again (200) and
changes nothing; a refused person gets 403.
"""

from django.core.files.base import ContentFile

from partners.models import ImportRun, ImportStatus
from tests.partners.factories import LocationFactory
from tests.permission_matrix.framework import NOT_ALLOWED, REDIRECT, Rule, only, readers


def build(world):
    world.location = LocationFactory(organisation=world.organisation_b)
    world.import_run = _import_run()


def _import_run():
    """A checked LRK file of one row of another gemeente: importing it changes nothing."""
    run = ImportRun(
        source="lrk",
        file_name="lrk.csv",
        reference_date="2025-01-01",
        status=ImportStatus.READY,
        rows_total=1,
        summary={"rows": 1, "new": 0, "changed": 0, "unchanged": 0, "skipped": 1},
    )
    data = b"lrk_id;type_oko;actuele_naam_oko;cbs_code\n123456789;KDV;Elders;437\n"
    run.file.save("lrk.csv", ContentFile(data), save=False)
    run.save()
    return run


def _import_run_kwargs(world):
    return {"pk": world.import_run.pk}


def _organisation_a(world):
    return {"pk": world.organisation_a.pk}


def _organisation_b(world):
    return {"pk": world.organisation_b.pk}


def _location(world):
    return {"pk": world.location.pk}


POLICY = only("policy_officer")
DIRECTOR_A = only("policy_officer", "director_a")
DIRECTOR_B = only("policy_officer", "director_b")

EXPECTATIONS = {
    "partners:organisation_list": Rule(readers()),
    "partners:organisation_create": Rule(POLICY, post=POLICY),
    "partners:organisation_detail": Rule(readers(), kwargs=_organisation_a),
    "partners:organisation_edit": Rule(DIRECTOR_A, kwargs=_organisation_a, post=DIRECTOR_A),
    "partners:organisation_delete": Rule(POLICY, kwargs=_organisation_a, post=POLICY),
    "partners:membership_create": Rule(POLICY, kwargs=_organisation_a, post=POLICY),
    "partners:membership_delete": Rule(
        readers(NOT_ALLOWED),
        kwargs=_organisation_a,
        post=only("policy_officer", outcome=REDIRECT),
    ),
    "partners:location_create": Rule(DIRECTOR_B, kwargs=_organisation_b, post=DIRECTOR_B),
    "partners:location_list": Rule(readers()),
    "partners:location_detail": Rule(readers(), kwargs=_location),
    "partners:location_edit": Rule(DIRECTOR_B, kwargs=_location, post=DIRECTOR_B),
    "partners:location_delete": Rule(DIRECTOR_B, kwargs=_location, post=DIRECTOR_B),
    "partners:import_list": Rule(POLICY),
    # A POST without a file shows the form again with what is missing.
    "partners:import_upload": Rule(POLICY, post=POLICY),
    "partners:import_detail": Rule(POLICY, kwargs=_import_run_kwargs),
    "partners:import_confirm": Rule(
        readers(NOT_ALLOWED),
        kwargs=_import_run_kwargs,
        post=only("policy_officer", outcome=REDIRECT),
    ),
    "partners:import_cancel": Rule(
        readers(NOT_ALLOWED),
        kwargs=_import_run_kwargs,
        post=only("policy_officer", outcome=REDIRECT),
    ),
}
