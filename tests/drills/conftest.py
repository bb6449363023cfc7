"""What the reliability drills share: a Redis of their own to kill and restart, and pointing the
portal's Celery app at it."""

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from kombu import pools

from kindportaal.celery import app as celery_app
from tests.conftest import _needs
from tests.test_permission_matrix import world  # noqa: F401  (the matrix's objects and personas)

DRILL_REDIS_PORT = 6391
# The Redis of the docker-compose layout (cache, sessions and broker), for the cache drill: its
# own port, so the two drills can run at once in parallel test processes.
COMPOSE_REDIS_PORT = 6392


def service_environment():
    """The environment for a server the drill starts: a service keeps the real clock, like the
    PostgreSQL and Redis of the suite (make test-clock moves only the test processes' clock, and
    redis-server does not run under faketime's library)."""
    return {
        key: value
        for key, value in os.environ.items()
        if key != "LD_PRELOAD" and not key.startswith("FAKETIME")
    }


@dataclass
class DrillRedis:
    """A redis-server without persistence: a restart loses everything it held, as a crashed
    Redis without AOF does. With a `data_dir` it keeps an append-only file there, as the
    docker-compose Redis does: a stop and a start bring back what it held."""

    port: int
    process: subprocess.Popen | None = None
    data_dir: Path | None = None

    @property
    def url(self):
        return self.url_of(0)

    def url_of(self, database):
        return f"redis://127.0.0.1:{self.port}/{database}"

    def client(self):
        return redis.Redis(port=self.port, socket_connect_timeout=2)

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                *(
                    ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.data_dir)]
                    if self.data_dir
                    else ["--appendonly", "no"]
                ),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=service_environment(),
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def kill(self):
        """kill -9: no shutdown, no save."""
        self.process.kill()
        self.process.wait(timeout=10)

    def terminate(self):
        """What `docker compose stop redis` does: SIGTERM, and Redis shuts down in order."""
        self.process.terminate()
        self.process.wait(timeout=10)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.kill()


def _port_in_use(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def drill_redis():
    _needs("redis-server", shutil.which("redis-server") is not None, "install redis-server")
    _needs("Port 6391", not _port_in_use(DRILL_REDIS_PORT), "another drill Redis is running")
    server = DrillRedis(DRILL_REDIS_PORT)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def compose_redis(tmp_path):
    """The one Redis of docker-compose.yml: append-only file, cache and sessions in database 0,
    the broker in database 1."""
    _needs("redis-server", shutil.which("redis-server") is not None, "install redis-server")
    _needs("Port 6392", not _port_in_use(COMPOSE_REDIS_PORT), "another drill Redis is running")
    data_dir = tmp_path / "redis"
    data_dir.mkdir()
    server = DrillRedis(COMPOSE_REDIS_PORT, data_dir=data_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _reset_connections():
    """Forget the connections to the previous broker; the next send connects afresh. Kombu keeps
    its pools per broker in a registry of its own: it is emptied too, or the next test that uses
    the suite's broker would be handed the closed pool."""
    pools.reset()
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@pytest.fixture
def celery_on(settings, monkeypatch):
    """Send the portal's tasks to the given broker and queue (not run in-process) for a test.
    Celery reads CELERY_BROKER_URL from the environment before its configuration."""
    previous = (
        celery_app.conf.broker_url,
        celery_app.conf.task_default_queue,
        celery_app.conf.task_always_eager,
    )

    def use(broker_url, queue):
        monkeypatch.setenv("CELERY_BROKER_URL", broker_url)
        celery_app.conf.broker_url = broker_url
        celery_app.conf.task_default_queue = queue
        celery_app.conf.task_always_eager = False
        settings.CELERY_BROKER_URL = broker_url
        _reset_connections()

    yield use
    (
        celery_app.conf.broker_url,
        celery_app.conf.task_default_queue,
        celery_app.conf.task_always_eager,
    ) = previous
    _reset_connections()
