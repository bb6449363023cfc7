"""A real Celery worker in its own process, consuming from Redis, on the test database."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from kindportaal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


def database_url():
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("a worker process needs the test database on PostgreSQL")
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    queue: str
    name: str
    mail_dir: Path
    log_path: Path

    def log(self):
        return self.log_path.read_text(errors="replace")

    def kill(self):
        """Kill the worker abruptly, as a crash or an OOM kill would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def sent_mails(self):
        return [path.read_text() for path in sorted(self.mail_dir.glob("*.log"))]


def start_worker(
    tmp_path,
    queue=None,
    extra_env=None,
    concurrency_pool="solo",
    broker_url=None,
    celery_app_module="kindportaal",
):
    """Start a worker of `celery_app_module` on `queue` (a new one by default), against
    `broker_url` (the configured broker by default), and wait until it answers a ping."""
    queue = queue or f"test-{uuid.uuid4().hex[:10]}"
    name = f"{queue}@{socket.gethostname()}"
    mail_dir = tmp_path / f"mail-{queue}"
    mail_dir.mkdir(parents=True, exist_ok=True)
    log_path = tmp_path / f"worker-{queue}.log"
    env = {
        **os.environ,
        "KINDPORTAAL_ENV": "test",
        "DATABASE_URL": database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_URL": f"filemail:///{mail_dir}",  # environ drops one leading slash
        "MEDIA_ROOT": str(tmp_path / "media"),
        **({"CELERY_BROKER_URL": broker_url} if broker_url else {}),
        **(extra_env or {}),
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                celery_app_module,
                "worker",
                f"--pool={concurrency_pool}",
                "--concurrency=1",
                "-Q",
                queue,
                "-n",
                name,
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    worker = WorkerProcess(process, queue, name, mail_dir, log_path)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the worker stopped while starting:\n{worker.log()}")
            if celery_app.control.ping(destination=[name], timeout=0.5):
                return worker
        raise RuntimeError(f"the worker did not answer within a minute:\n{worker.log()}")
    except BaseException:
        worker.stop()  # never leave a worker behind that later tests would meet
        raise
