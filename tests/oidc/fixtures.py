"""A real OpenID Connect provider on loopback for the tests (tests/oidc/provider.mjs, panva's
oidc-provider from node_modules), configured into the portal as the gemeente's provider."""

import copy
import json
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
PROVIDER_ID = "gemeente"
PROVIDER_NAME = "Gemeente Voorbeeldstad"
LOGIN_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/"

# The provider's people, by login name. Whether the provider asserts two factors is the
# account's: "amr" as an identity provider reports the methods the person used.
ACCOUNTS = {
    "beleid-mfa": {
        "sub": "b-1001",
        "email": "noor.smit@voorbeeldstad.nl",
        "email_verified": True,
        "name": "Noor Smit",
        "groups": ["kindportaal-beleid"],
        "amr": ["pwd", "mfa"],
    },
    "beleid-wachtwoord": {
        "sub": "b-1002",
        "email": "sem.jansen@voorbeeldstad.nl",
        "email_verified": True,
        "name": "Sem Jansen",
        "groups": ["kindportaal-beleid"],
        "amr": ["pwd"],
    },
    "raad": {
        "sub": "r-2001",
        "email": "fatima.elamrani@voorbeeldstad.nl",
        "email_verified": True,
        "name": "Fatima El Amrani",
        "groups": ["kindportaal-raad"],
        "amr": ["pwd"],
    },
    "eherkenning-loa3": {
        "sub": "e-4001",
        "email": "sem.jansen@voorbeeldstad.nl",
        "email_verified": True,
        "name": "Sem Jansen",
        "groups": [],
        "acr": "urn:etoegang:core:assurance-class:loa3",
    },
    "onbekend": {
        "sub": "x-3001",
        "email": "onbekend@voorbeeldstad.nl",
        "email_verified": True,
        "name": "Niet Uitgenodigd",
        "groups": ["kindportaal-beleid"],
        "amr": ["pwd", "mfa"],
    },
    "onbevestigd": {
        "sub": "x-3002",
        "email": "sem.jansen@voorbeeldstad.nl",
        "email_verified": False,
        "upn": "sem.jansen@voorbeeldstad.nl",
        "name": "Sem Jansen",
        "groups": [],
        "amr": ["pwd"],
    },
    "zonder-groep": {
        "sub": "x-3003",
        "email": "sem.jansen@voorbeeldstad.nl",
        "email_verified": True,
        "name": "Sem Jansen",
        "groups": ["andere-afdeling"],
        "amr": ["pwd"],
    },
}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_settings(url, **overrides):
    """The portal's provider entry, as kindportaal/settings.py makes it from OIDC_* variables."""
    provider_settings = {
        "server_url": url,
        "scope": ["openid", "profile", "email", "groups"],
        "email_claim": "email",
        "role_claim": "",
        "roles": {},
        "mfa_amr": list(django_settings.OIDC_DEFAULT_MFA_AMR),
        "mfa_acr": [],
    }
    provider_settings.update(overrides)
    return {
        "provider_id": PROVIDER_ID,
        "name": PROVIDER_NAME,
        "client_id": "kindportaal",
        "secret": "kindportaal-geheim",
        "settings": provider_settings,
    }


@dataclass
class RealProvider:
    url: str
    process: subprocess.Popen
    settings: object
    accounts: dict = field(default_factory=lambda: ACCOUNTS)

    def configure(self, **overrides):
        """The portal's configuration of this provider, with some of its settings changed."""
        providers = {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [app_settings(self.url, **overrides)],
            }
        }
        self.settings.SOCIALACCOUNT_PROVIDERS = providers
        self.settings.OIDC_PROVIDERS = [PROVIDER_ID]
        policy = copy.deepcopy(django_settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"] = ["'self'", self.url]
        self.settings.CONTENT_SECURITY_POLICY = policy

    def stop(self):
        """The provider goes down (its address stays configured in the portal)."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def oidc_provider(request, settings):
    """The real provider, started for one test and configured into the portal; redirects back
    to the live server when the test has one, else to the test client's http://testserver."""
    from tests.conftest import IN_CI

    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        reason = "node and oidc-provider (npm ci) are needed"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    if "live_server" in request.fixturenames:
        portal = request.getfixturevalue("live_server").url
    else:
        portal = "http://testserver"
    port = _free_port()
    environment = {
        **os.environ,
        "PORT": str(port),
        "REDIRECT_URIS": f"{portal}/accounts/oidc/{PROVIDER_ID}/login/callback/",
        "POST_LOGOUT_REDIRECT_URIS": f"{portal}/accounts/login/",
        "ACCOUNTS": json.dumps(ACCOUNTS),
    }
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline()
    if not line.startswith("ready"):
        process.kill()
        pytest.fail(f"the test provider did not start: {line!r}")
    provider = RealProvider(url=f"http://127.0.0.1:{port}", process=process, settings=settings)
    provider.configure()
    yield provider
    provider.stop()


def log_in_at_provider(client, login, path=LOGIN_PATH, browser=None):
    """Through the provider with the Django test client: the portal sends the visitor to the
    provider, who logs in there as `login`, and comes back; the portal's answer to that.
    `browser` (a requests.Session) keeps the provider's cookies from one login to the next;
    `browser.asked_for_login` says whether the provider asked who the visitor is this time."""
    response = client.post(path)
    assert response.status_code == 302, response.content[:500]
    location = response["Location"]
    browser = browser if browser is not None else requests.Session()
    browser.asked_for_login = False
    while urlsplit(location).netloc != "testserver":
        answer = browser.get(location, allow_redirects=False, timeout=10)
        if answer.status_code == 200 and "/interaction/" in location:
            uid = urlsplit(location).path.split("/")[2]
            browser.asked_for_login = True
            answer = browser.post(
                urljoin(location, f"/interaction/{uid}/login"),
                data={"login": login},
                allow_redirects=False,
                timeout=10,
            )
        assert answer.status_code in (302, 303), answer.text[:500]
        location = urljoin(location, answer.headers["Location"])
    parts = urlsplit(location)
    return client.get(f"{parts.path}?{parts.query}")
