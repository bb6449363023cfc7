"""Permission expectations for the reports app's URLs: the council's dashboard and the LEA
documents.

Everyone with a role in the portal reads the dashboard, a wijk's page and the figures' downloads;
nobody changes anything there: a POST is not allowed (405). Everyone who reads the agenda reads
and downloads its LEA documents (raadsleden and partner directors included); only
beleidsmedewerkers make one (POST). Anonymous visitors go to the login page."""

from django.core.files.base import ContentFile

from agenda.models import Agenda
from reports.models import DocumentStatus, LeaDocument
from tests.kindportaal.factories import WijkFactory
from tests.permission_matrix.framework import NOT_ALLOWED, REDIRECT, Rule, only, readers


def build(world):
    kindcentrum = getattr(world, "kindcentrum", None)
    world.dashboard_wijk = kindcentrum.wijk if kindcentrum else WijkFactory()
    agenda = getattr(world, "agenda", None) or Agenda.objects.create(
        title="LEA 2025–2028", start_year=2025, end_year=2028
    )
    world.lea_agenda = agenda
    document = LeaDocument(
        agenda=agenda,
        version=1,
        status=DocumentStatus.DONE,
        sha256="0" * 64,
        page_count=1,
        requested_by=world.policy_officer,
        requested_by_name="Fatima El Amrani",
    )
    document.file.save("matrix.pdf", ContentFile(b"%PDF-1.7 matrix"), save=False)
    document.save()
    world.lea_document = document


def _lea_agenda(world):
    return {"agenda_pk": world.lea_agenda.pk}


def _lea_document(world):
    return {"pk": world.lea_document.pk}


def _wijk(world):
    return {"pk": world.dashboard_wijk.pk}


READ_ONLY = readers(NOT_ALLOWED)

EXPECTATIONS = {
    "reports:dashboard": Rule(readers(), post=READ_ONLY),
    "reports:wijk": Rule(readers(), kwargs=_wijk, post=READ_ONLY),
    "reports:figure_csv": Rule(readers(), kwargs={"slug": "fasen"}, post=READ_ONLY),
    "reports:figure_table": Rule(readers(), kwargs={"slug": "fasen-per-wijk"}, post=READ_ONLY),
    # Making a version is a POST by a beleidsmedewerker, who is sent to the new version's page.
    "reports:lea_request": Rule(
        readers(NOT_ALLOWED),
        kwargs=_lea_agenda,
        post=only("policy_officer", outcome=REDIRECT),
    ),
    "reports:lea_document": Rule(readers(), kwargs=_lea_document, post=READ_ONLY),
    "reports:lea_status": Rule(readers(), kwargs=_lea_document, post=READ_ONLY),
    "reports:lea_download": Rule(readers(), kwargs=_lea_document, post=READ_ONLY),
    # Offering a version on the public pages is a POST by a beleidsmedewerker, who is sent back
    # to the version's page.
    "reports:lea_publish": Rule(
        readers(NOT_ALLOWED),
        kwargs=_lea_document,
        post=only("policy_officer", outcome=REDIRECT),
    ),
}
