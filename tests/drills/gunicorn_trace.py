"""gunicorn settings for the export flood drill (tests/drills/test_export_flood.py): the portal
as the Dockerfile runs it, and each web process writes when it starts and when it has streamed an
XLSX workbook to its end to the file in KP_DRILL_EXPORT_TRACE, so the drill sees how many were
made at once."""

import os
import time


def post_worker_init(worker):
    path = os.environ["KP_DRILL_EXPORT_TRACE"]
    from kindportaal import exports

    make = exports._xlsx_stream

    def write(line):
        with open(path, "a") as trace:
            trace.write(line + "\n")

    def traced(*args, **kwargs):
        started = time.monotonic()
        write(f"start {started} {os.getpid()}")
        try:
            yield from make(*args, **kwargs)
        finally:
            write(f"made {started} {time.monotonic()} {os.getpid()}")

    exports._xlsx_stream = traced
