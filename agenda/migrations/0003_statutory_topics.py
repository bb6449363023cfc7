"""The statutory OOGO topics of article 167a of the Wet op het primair onderwijs."""

from django.db import migrations

TOPICS = [
    (
        "segregatie-integratie",
        "Voorkomen van segregatie en bevorderen van integratie",
        "Hoe gemeente en schoolbesturen segregatie tegengaan en integratie bevorderen.",
    ),
    (
        "onderwijsachterstanden-vve",
        "Bestrijden van onderwijsachterstanden, met resultaatafspraken over VVE",
        "Het bestrijden van onderwijsachterstanden, inclusief resultaatafspraken over "
        "voor- en vroegschoolse educatie.",
    ),
    (
        "inschrijving-toelating",
        "Afstemming van inschrijvings- en toelatingsprocedures",
        "De afstemming van de procedures voor inschrijving en toelating van leerlingen.",
    ),
]


def add_topics(apps, schema_editor):
    StatutoryTopic = apps.get_model("agenda", "StatutoryTopic")
    for order, (code, title, description) in enumerate(TOPICS, start=1):
        StatutoryTopic.objects.update_or_create(
            code=code,
            defaults={
                "title": title,
                "description": description,
                "legal_basis": "art. 167a Wet op het primair onderwijs",
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("agenda", "0002_initial")]

    operations = [migrations.RunPython(add_topics, migrations.RunPython.noop)]
