"""seed_demo gives Voorbeeldstad an LEA with agreements in every stage, and a city-sized set."""

import pytest
from django.core.management import call_command

from agenda.models import Agenda, Agreement, AgreementStatus, Meeting, Notification, ProgressUpdate
from kindportaal.models import Notice

pytestmark = pytest.mark.django_db
S = AgreementStatus


def test_the_demo_lea_has_a_realistic_mix_and_seeding_again_changes_nothing(mailoutbox):
    call_command("seed_demo")
    agenda = Agenda.objects.get(is_current=True)
    assert agenda.title == "Lokale Educatieve Agenda Voorbeeldstad 2025–2028"
    assert list(agenda.themes.values_list("title", flat=True)) == [
        "VVE en onderwijsachterstanden",
        "Doorgaande leerlijn 0–12",
        "Passend onderwijs en jeugdhulp",
        "Integrale huisvesting (IHP)",
        "Kansengelijkheid",
    ]
    agreements = Agreement.objects.filter(theme__agenda=agenda)
    statuses = set(agreements.values_list("status", flat=True))
    assert statuses == {S.DRAFT, S.PROPOSED, S.ADOPTED, S.IN_PROGRESS, S.REALISED, S.LAPSED}
    # Confirmed by all parties, and one changed after confirmation that waits again.
    adopted = agreements.get(title="Toeleiding doelgroeppeuters via het consultatiebureau")
    version = adopted.versions.get()
    assert version.confirmations.count() == adopted.parties.count()
    changed = agreements.get(title="Eén overdrachtsformulier peuter naar groep 1")
    assert (changed.status, changed.revision) == (S.PROPOSED, 2)
    assert changed.versions.get(number=1).confirmations.count() == changed.parties.count()
    assert changed.versions.get(number=2).changes
    assert any(a.is_overdue for a in agreements)
    assert ProgressUpdate.objects.filter(agreement__theme__agenda=agenda).count() >= 8
    assert Meeting.objects.filter(agenda=agenda).count() == 3
    # Nothing was e-mailed, yet every notification is accounted for.
    assert mailoutbox == []
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    # The demo's partner director has notices to show, read and unread, none left to e-mail.
    director = Notice.objects.filter(recipient__email="bestuurder@example.org")
    assert {"proposed", "progress", "decision"} <= set(director.values_list("kind", flat=True))
    assert director.filter(read_at__isnull=True).exists()
    assert director.filter(read_at__isnull=False).exists()
    assert not Notice.objects.filter(emailed_at__isnull=True).exists()

    counts = (Agreement.objects.count(), ProgressUpdate.objects.count(), Meeting.objects.count())
    call_command("seed_demo")
    assert (Agreement.objects.count(), ProgressUpdate.objects.count(), Meeting.objects.count()) == (
        counts
    )


@pytest.mark.slow
def test_city_scale_has_fifteen_hundred_agreements_with_their_progress():
    call_command("seed_demo", "--scale", "city")
    city = Agreement.objects.filter(title__startswith="Stadsafspraak")
    assert city.count() == 1500
    assert 14_000 <= ProgressUpdate.objects.filter(agreement__in=city).count() <= 16_000
    assert city.filter(status=S.IN_PROGRESS, health="").count() == 0
