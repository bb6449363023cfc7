"""Permission expectations for the public pages and the open data (/openbaar/).

While the gemeente publishes, everyone reads them, visitors without login included ("public");
a visitor of a gemeente that does not publish gets 404 ("anonymous", PUBLIC_PAGES_ENABLED off).
They only read: a POST is not allowed (405) for anyone. The matrix also checks that what the
visitor gets is one copy for everyone (Cache-Control public, no Vary: Cookie, no cookie)."""

import datetime

from django.core.files.base import ContentFile

from agenda.models import Agenda
from reports.models import DocumentStatus, LeaDocument
from tests.agenda.factories import AgreementFactory, ThemeFactory
from tests.permission_matrix.framework import NOT_ALLOWED, Rule, published


def build(world):
    agenda = Agenda.objects.create(
        title="LEA 2029–2032",
        start_year=2029,
        end_year=2032,
        status="adopted",
        adopted_on=datetime.date(2028, 12, 1),
        adopted_by="council",
    )
    theme = ThemeFactory(agenda=agenda, title="Doorgaande leerlijn")
    world.public_agreement = AgreementFactory(
        theme=theme,
        owner=world.organisation_a,
        parties=[world.organisation_a, world.organisation_b],
        whole_gemeente=True,
        status="adopted",
        revision=1,
        is_public=True,
        created_by=world.policy_officer,
    )
    document = LeaDocument(
        agenda=agenda,
        version=1,
        status=DocumentStatus.DONE,
        sha256="0" * 64,
        page_count=1,
        is_public=True,
    )
    document.file.save("public.pdf", ContentFile(b"%PDF-1.7 public"), save=False)
    document.save()
    world.public_document = document


def _agreement(world):
    return {"pk": world.public_agreement.pk}


def _document(world):
    return {"pk": world.public_document.pk}


READ_ONLY = published(NOT_ALLOWED, anonymous=NOT_ALLOWED)

EXPECTATIONS = {
    "openbaar:home": Rule(published(), post=READ_ONLY),
    "openbaar:lea": Rule(published(), post=READ_ONLY),
    "openbaar:lea_download": Rule(published(), kwargs=_document, post=READ_ONLY),
    "openbaar:agreements": Rule(published(), post=READ_ONLY),
    "openbaar:agreement": Rule(published(), kwargs=_agreement, post=READ_ONLY),
    "openbaar:meetings": Rule(published(), post=READ_ONLY),
    "openbaar:kindcentra": Rule(published(), post=READ_ONLY),
    "openbaar:figures": Rule(published(), post=READ_ONLY),
    "openbaar:data": Rule(published(), post=READ_ONLY),
    "openbaar:catalogue": Rule(published(), post=READ_ONLY),
    "openbaar:table_csv": Rule(published(), kwargs={"table": "afspraken"}, post=READ_ONLY),
    "openbaar:table_json": Rule(published(), kwargs={"table": "wijken"}, post=READ_ONLY),
    "openbaar:field_list": Rule(published(), kwargs={"table": "kindcentra"}, post=READ_ONLY),
}
