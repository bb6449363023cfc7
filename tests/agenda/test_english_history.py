"""English is complete, the history included: an agreement that went through its whole lifecycle,
made by people working in Dutch, reads in English without a Dutch word of the portal's own."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from agenda import services
from kindportaal.models import Wijk
from tests.agenda.conftest import agreement_data
from tests.agenda.factories import confirm

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _dutch_texts():
    """The portal's Dutch translations that differ from their English msgid, as the words a
    Dutch text would leave behind (the fixed parts of texts with placeholders)."""
    catalogue = polib.pofile(str(CATALOGUE))
    # Dutch words the English texts use on purpose ("Realised (gerealiseerd)") are English too.
    english = " ".join(entry.msgid for entry in catalogue).lower()
    texts = set()
    for entry in catalogue:
        for msgstr in [entry.msgstr, *entry.msgstr_plural.values()]:
            if not msgstr or msgstr == entry.msgid:
                continue
            for part in re.split(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|[“”\"()]", msgstr):
                part = part.strip(" .,:;–—-")
                if len(part) >= 6 and part.lower() not in english:
                    texts.add(part)
    return texts


def _whole_lifecycle(agreement, *, policy_officer, parties, directors, wijk):
    """Proposed, confirmed, progress reported, changed (a new version), confirmed again,
    realised: each step taken by someone working in Dutch."""
    with translation.override("nl"):
        agreement = services.agreement_transition(
            agreement=agreement,
            action="propose",
            by=policy_officer,
            expected_version=agreement.version,
        )
        for organisation, director in zip(parties, directors, strict=True):
            confirm(agreement, organisation, director)
        agreement.refresh_from_db()
        services.progress_update_create(
            agreement=agreement,
            by=directors[1],
            organisation=parties[1],
            reported_on=timezone.localdate(),
            text="Gestart.",
            health="on_track",
            percent_complete=20,
        )
        agreement.refresh_from_db()
        from agenda.forms import AgreementForm

        form = AgreementForm(
            agreement_data(agreement, whole_gemeente="", wijken=[wijk.pk], due_date="2027-06-30"),
            instance=agreement,
        )
        assert form.is_valid(), form.errors
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        services.agreement_update(
            agreement=agreement, by=policy_officer, **data, expected_version=agreement.version
        )
        agreement.refresh_from_db()
        for organisation, director in zip(parties, directors, strict=True):
            confirm(agreement, organisation, director)
        agreement.refresh_from_db()
        services.agreement_transition(
            agreement=agreement,
            action="realise",
            by=policy_officer,
            expected_version=agreement.version,
        )
    agreement.refresh_from_db()
    return agreement


def test_the_english_history_of_a_whole_lifecycle_has_no_dutch_left(
    draft, policy_officer, organisation_a, organisation_b, director_a, director_b
):
    wijk = Wijk.objects.create(name="Oosterpark", cbs_code="WK999901")
    agreement = _whole_lifecycle(
        draft,
        policy_officer=policy_officer,
        parties=[organisation_a, organisation_b],
        directors=[director_a, director_b],
        wijk=wijk,
    )
    assert agreement.status == "realised"
    client = Client()
    client.force_login(policy_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):  # and back to Dutch afterwards, for the other tests
        page = client.get(agreement.get_absolute_url()).content.decode()
    history = page[page.index('id="versions-heading"') :]
    assert "Confirmed by every party" in history
    assert "In progress since the first progress update" in history
    assert "Changed: version 2 to confirm" in history
    assert "districts (wijken)" in history and "due date" in history
    # Names people gave (organisations, people, the agreement, the wijk) are not the portal's.
    for name in [
        agreement.title,
        organisation_a.name,
        organisation_b.name,
        wijk.name,
        str(policy_officer),
        str(director_a),
        str(director_b),
        agreement.theme.title,
    ]:
        history = history.replace(name, "")
    history = re.sub(r"<[^>]+>", " ", history)
    left = sorted(text for text in _dutch_texts() if re.search(rf"\b{re.escape(text)}\b", history))
    assert left == [], "Dutch in the English history"
