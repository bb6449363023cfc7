"""A pytest plugin for mutation testing only (scripts/mutation.sh, docs/development.md).

mutmut runs the tests once per mutant, each time in a new pytest session. Migrating a fresh
SQLite test database takes longer than most of those runs, so this plugin migrates one template
database once and gives every session its own copy of it, used as it is (keepdb): each run
starts from exactly the rows the migrations made (the statutory topics, the default gemeente),
whatever an earlier transactional test flushed. The normal suite never loads this plugin.
"""

import os
import shutil
from pathlib import Path

import pytest
from pytest_django.plugin import blocking_manager_key

TEMPLATE = Path(os.environ.get("MUTATION_DB_TEMPLATE", "mutation-template.sqlite3")).resolve()


def pytest_configure(config):
    config.option.reuse_db = True
    config.option.create_db = False


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session):
    from django.core.management import call_command
    from django.db import connections

    connection = connections["default"]
    if connection.vendor != "sqlite":
        pytest.exit("tests.mutation_db runs on SQLite only: unset DATABASE_URL", returncode=3)
    if not TEMPLATE.exists():
        partial = TEMPLATE.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        original = connection.settings_dict["NAME"]
        _point_at(connection, partial, name=True)
        with session.config.stash[blocking_manager_key].unblock():
            call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
        connection.close()
        connection.settings_dict["NAME"] = original
        partial.rename(TEMPLATE)
    copy = TEMPLATE.with_name(f"{TEMPLATE.stem}-{os.getpid()}.sqlite3")
    shutil.copyfile(TEMPLATE, copy)
    _point_at(connection, copy)
    session.config.mutation_db_copy = copy


def pytest_sessionfinish(session):
    from django.db import connections

    connections["default"].close()
    copy = getattr(session.config, "mutation_db_copy", None)
    if copy is not None:
        copy.unlink(missing_ok=True)


def _point_at(connection, path, name=False):
    from django.conf import settings

    connection.close()
    for settings_dict in (connection.settings_dict, settings.DATABASES["default"]):
        settings_dict.setdefault("TEST", {})["NAME"] = str(path)
        if name:
            settings_dict["NAME"] = str(path)


def pytest_collection_modifyitems(config, items):
    """With MUTATION_TESTS (paths, space-separated), only the tests under them run: a module's
    mutants are tried with that module's own tests (scripts/mutation.sh names them)."""
    paths = os.environ.get("MUTATION_TESTS", "").split()
    if not paths:
        return
    keep, drop = [], []
    for item in items:
        (keep if item.nodeid.startswith(tuple(paths)) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
