"""The import pages: upload, preview, confirm, the runs list, progress, and the provenance on a
location's page; a large file is checked and imported by a real Celery worker."""

import time

import pytest
from django.test import override_settings
from django.urls import reverse

from partners import services
from partners.models import ImportRun, ImportStatus, Location
from tests.partners.registers import make_gemeente, sample, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client_for, policy_officer):
    make_gemeente()
    return client_for(policy_officer)


def post_file(client, source, name, data=None):
    return client.post(
        reverse("partners:import_upload"),
        {"source": source, "file": upload(name, data), "reference_date": "2025-01-01"},
        follow=True,
    )


def test_upload_shows_the_preview_and_confirm_imports(officer):
    response = post_file(officer, "lrk", "lrk_export.csv")
    page = response.content.decode()
    run = ImportRun.objects.get()
    assert response.redirect_chain[-1][0] == run.get_absolute_url()
    assert "Voorbeeld" in page and "Het bestand is gecontroleerd." in page
    assert "aantal_kindplaatsen is geen geheel getal: “veel”." in page  # line 10, rejected
    assert "Crèche Ééntje Twee" in page
    assert not Location.objects.exists()

    response = officer.post(reverse("partners:import_confirm", args=[run.pk]), follow=True)
    assert "Het bestand is geïmporteerd." in response.content.decode()
    assert Location.objects.filter(lrk_number="456789121").exists()

    location = Location.objects.get(lrk_number="456789121")
    page = officer.get(location.get_absolute_url()).content.decode()
    assert "Herkomst" in page
    assert "LRK: Landelijk Register Kinderopvang" in page
    assert "lrk_export.csv" in page
    assert run.get_absolute_url() in page

    listing = officer.get(reverse("partners:import_list")).content.decode()
    assert "lrk_export.csv" in listing and "Geïmporteerd" in listing


def test_a_file_of_the_wrong_kind_gets_a_dutch_message_at_the_field(officer):
    response = post_file(officer, "cbs", "lrk_export.csv")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit is geen bestand van “CBS: kerncijfers wijken en buurten”" in page
    assert "Het lijkt een bestand van “LRK: Landelijk Register Kinderopvang”" in page
    assert not ImportRun.objects.exists()


def test_a_binary_file_is_refused(officer):
    response = post_file(officer, "lrk", "lrk.xlsx", data=b"PK\x03\x04" + bytes(200))
    assert "Dit is een spreadsheet, geen CSV-bestand." in response.content.decode()


def test_cancel_leaves_everything_as_it_was(officer):
    post_file(officer, "lrk", "lrk_export.csv")
    run = ImportRun.objects.get()
    response = officer.post(reverse("partners:import_cancel", args=[run.pk]), follow=True)
    assert "De import is geannuleerd; er is niets gewijzigd." in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportStatus.CANCELLED
    response = officer.post(reverse("partners:import_confirm", args=[run.pk]), follow=True)
    assert "kan niet meer worden uitgevoerd" in response.content.decode()
    assert not Location.objects.exists()


def test_a_partner_director_cannot_see_imports(client_for, director_a):
    client = client_for(director_a)
    assert client.get(reverse("partners:import_list")).status_code == 403


def lrk_rows(count):
    """An LRK file of `count` locations of the gemeente."""
    header = sample("lrk_export.csv").decode("cp1252").splitlines()[0]
    rows = [
        f"{300000000 + n};KDV;KDV Nummer {n};{20 + n % 50};Ingeschreven;Laan {n};1011AB;"
        f"Voorbeeldstad;9999;Voorbeeldstad;Houder {n % 7};{70000000 + n % 7}"
        for n in range(count)
    ]
    return ("\r\n".join([header, *rows]) + "\r\n").encode("cp1252")


def wait_for(run, status, worker, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status == status:
            return run
        time.sleep(0.3)
    raise AssertionError(f"run is {run.status}, not {status}\n{worker.log()}")


@pytest.mark.celery_worker
def test_a_large_file_is_checked_and_imported_by_the_worker_with_progress(
    celery_worker_process, client_for, policy_officer
):
    make_gemeente()
    officer = client_for(policy_officer)
    with override_settings(REGISTER_IMPORT_INLINE_ROWS=50):
        response = post_file(officer, "lrk", "lrk_big.csv", data=lrk_rows(120))
        run = ImportRun.objects.get()
        assert "Het bestand wordt gecontroleerd." in response.content.decode()
        run = wait_for(run, ImportStatus.READY, celery_worker_process)
        assert run.summary["new"] == 120 and run.task_id
        page = officer.get(run.get_absolute_url()).content.decode()
        assert "Voorbeeld" in page

        response = officer.post(reverse("partners:import_confirm", args=[run.pk]), follow=True)
        page = response.content.decode()
        assert "De import is begonnen" in page
        run = wait_for(run, ImportStatus.DONE, celery_worker_process)
    assert Location.objects.filter(lrk_number__startswith="3000").count() == 120
    fragment = officer.get(run.get_absolute_url(), headers={"HX-Request": "true"})
    assert fragment.headers.get("HX-Refresh") == "true"  # finished: the page shows the result


def test_a_busy_run_shows_its_progress_and_polls(officer, policy_officer):
    run = ImportRun.objects.create(
        source="lrk",
        file_name="groot.csv",
        reference_date="2025-01-01",
        status=ImportStatus.IMPORTING,
        rows_total=900,
        rows_done=300,
        created_by=policy_officer,
    )
    page = officer.get(run.get_absolute_url()).content.decode()
    assert "300 van 900 regels verwerkt." in page
    assert 'hx-trigger="every 2s"' in page
    fragment = officer.get(run.get_absolute_url(), headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert "300 van 900 regels verwerkt." in fragment.content.decode()


def test_each_run_of_several_shows_its_own_file(officer):
    for name in ("lrk_maart.csv", "lrk_april.csv"):
        post_file(officer, "lrk", name, data=sample("lrk_export.csv"))
    runs = ImportRun.objects.order_by("pk")
    for run, other in zip(runs, ("lrk_april.csv", "lrk_maart.csv"), strict=True):
        page = officer.get(run.get_absolute_url()).content.decode()
        assert run.file_name in page
        assert other not in page


def test_a_large_file_is_not_read_during_the_upload_but_checked_by_the_worker(
    officer, settings, monkeypatch
):
    """A register file of 48 MB was read and checked while the uploader waited, until the
    request timed out. Above REGISTER_IMPORT_INLINE_BYTES the upload only stores it."""
    settings.REGISTER_IMPORT_INLINE_BYTES = 100
    binary = b"\x00\x01PK" * 100

    def not_now(data):
        raise AssertionError("the file was read during the upload")

    with monkeypatch.context() as patch:
        patch.setattr(services, "read_table", not_now)
        response = post_file(officer, "lrk", "groot.csv", data=binary)
    run = ImportRun.objects.get()
    assert "Het bestand wordt gecontroleerd." in response.content.decode()
    assert run.status == ImportStatus.CHECKING
    services.import_run_check(run_id=run.pk)  # what the worker does
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert "Dit is geen tekstbestand (CSV) maar een binair bestand." in (
        officer.get(run.get_absolute_url()).content.decode()
    )
