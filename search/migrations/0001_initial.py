"""On PostgreSQL: the Dutch text search configurations without accents, and per kind of
search/sources.py a GIN index on its words, on the app's own table. The database keeps the
indexes current with every write, bulk writes included. On SQLite (the embedded demo) nothing:
the search there matches the fields as they are.

The fields are frozen here as migrations are; tests/search/test_indexes.py checks that every
source's query uses its index, so a changed field list needs a migration that makes it anew."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

STEMMED, AS_TYPED = "kp_dutch", "kp_prefix"
WORDS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"

INDEXES = [
    ("agenda", "Agreement", "search_agreement", ("title", "description")),
    ("agenda", "Goal", "search_goal", ("statement", "indicator")),
    ("agenda", "Theme", "search_theme", ("title", "description")),
    ("agenda", "Meeting", "search_meeting", ("title", "place", "minutes")),
    ("agenda", "MeetingDecision", "search_decision", ("text",)),
    ("partners", "Organisation", "search_organisation", ("name", "kvk_number", "duo_board_number")),
    (
        "partners",
        "Location",
        "search_location",
        ("name", "school_code", "lrk_number", "street", "postcode", "city"),
    ),
    ("kindcentra", "Kindcentrum", "search_kindcentrum", ("name", "vision")),
    ("kindportaal", "Wijk", "search_wijk", ("name", "cbs_code")),
    ("budgets", "FundingStream", "search_stream", ("name", "code", "legal_basis", "purpose")),
    ("budgets", "PooledBudget", "search_pool", ("name", "description")),
    ("budgets", "Allocation", "search_allocation", ("description",)),
]


def _indexes(apps):
    for app_label, model_name, name, fields in INDEXES:
        model = apps.get_model(app_label, model_name)
        yield model, GinIndex(SearchVector(*fields, config=STEMMED), name=name)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        f"""
        CREATE TEXT SEARCH CONFIGURATION {STEMMED} (COPY = dutch);
        ALTER TEXT SEARCH CONFIGURATION {STEMMED}
            ALTER MAPPING FOR {WORDS} WITH unaccent, dutch_stem;
        CREATE TEXT SEARCH DICTIONARY kp_dutch_words (TEMPLATE = simple, STOPWORDS = dutch);
        CREATE TEXT SEARCH CONFIGURATION {AS_TYPED} (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION {AS_TYPED}
            ALTER MAPPING FOR {WORDS} WITH unaccent, kp_dutch_words;
        """
    )
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)
    schema_editor.execute(
        f"""
        DROP TEXT SEARCH CONFIGURATION {AS_TYPED};
        DROP TEXT SEARCH DICTIONARY kp_dutch_words;
        DROP TEXT SEARCH CONFIGURATION {STEMMED};
        """
    )


class Migration(migrations.Migration):
    dependencies = [
        ("kindportaal", "0003_wijk_boundary_and_norms"),
        ("partners", "0005_cbs_boundaries_source"),
        ("kindcentra", "0002_initial"),
        ("agenda", "0006_notification_failed"),
        ("budgets", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, remove)]
