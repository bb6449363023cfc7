"""Settings for Kindportaal, read from the environment (see .env.example for every variable)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

# "production" (the default), "development" (a developer's machine, the one-command demo) or
# "test" (the test suite). Only production insists on real secrets and HTTPS.
KINDPORTAAL_ENV = env.str("KINDPORTAAL_ENV", default="production")
if KINDPORTAAL_ENV not in {"production", "development", "test"}:
    raise ImproperlyConfigured("KINDPORTAAL_ENV must be production, development or test.")
PRODUCTION = KINDPORTAAL_ENV == "production"

DEBUG = env.bool("DEBUG", default=KINDPORTAAL_ENV == "development")

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # no default: production refuses to start without one
else:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-" + "x" * 40)

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute address of the portal, used in e-mails sent outside a request (Celery tasks).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.forms",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "simple_history",
    "django_htmx",
    # Our apps, in the one direction their dependencies may point.
    "kindportaal",
    "partners",
    "kindcentra",
    "agenda",
    "budgets",
    "housing",
    "reports",
    "search",
    "openbaar",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "django_filters",
    "corsheaders",
    "api",
]

MIDDLEWARE = [
    # Outermost, so that every answer carries the policy, the body limit's 413 included.
    "csp.middleware.CSPMiddleware",
    # The API (/api/ only): CORS for any origin, then its version header, problem details for
    # every error and its own body limit.
    "corsheaders.middleware.CorsMiddleware",
    "api.middleware.ApiMiddleware",
    "kindportaal.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session and the language, which add Vary: Cookie to every answer.
    "kindportaal.middleware.SharedResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kindportaal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kindportaal.audit.AuditRequestMiddleware",
    "kindportaal.middleware.PrivateResponsesMiddleware",
    "kindportaal.middleware.ExpensiveRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kindportaal.middleware.RequireTwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kindportaal.urls"
WSGI_APPLICATION = "kindportaal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kindportaal.context_processors.portal",
            ],
            "builtins": ["kindportaal.templatetags.portal"],
        },
    },
]
FORM_RENDERER = "kindportaal.forms.PortalFormRenderer"

# Database: PostgreSQL in production and in the test suite; an embedded SQLite file when
# DATABASE_URL is not set (the one-command demo).
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'kindportaal.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: Redis when REDIS_URL is set, local memory otherwise. Sessions are written
# through to the database so a Redis restart logs nobody out. When Redis does not answer, pages
# are made without it (kindportaal/cache.py), and it is asked again after CACHE_RETRY_SECONDS.
REDIS_URL = env.str("REDIS_URL", default="")
# Parallel test workers share one Redis; each keeps to its own key prefix.
_cache_prefix = env.str("CACHE_KEY_PREFIX", default="kindportaal") + os.environ.get(
    "PYTEST_XDIST_WORKER", ""
)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "kindportaal.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": _cache_prefix,
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": _cache_prefix,
        }
    }
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Seconds a rendered page may be served from the cache (kindportaal.caching); every change of
# the data it shows makes the next view fresh anyway. 0 switches the cache off. Only a shared
# cache (Redis) can be told of changes made by other processes, so without one it is off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600 if REDIS_URL else 0)

# The public pages and the open data (/openbaar/, the openbaar app): off in production until the
# gemeente switches them on, on in the demo and the tests. Off, every public URL answers 404.
PUBLIC_PAGES_ENABLED = env.bool("PUBLIC_PAGES_ENABLED", default=not PRODUCTION)
# How long a browser or proxy may keep a public page or data file (Cache-Control max-age).
PUBLIC_MAX_AGE_SECONDS = env.int("PUBLIC_MAX_AGE_SECONDS", default=60)
# The licence of the open data, as the URI the DCAT catalogue names (CC0 unless the gemeente
# chooses another).
OPEN_DATA_LICENSE = env.str(
    "OPEN_DATA_LICENSE", default="http://creativecommons.org/publicdomain/zero/1.0/deed.nl"
)
# The gemeente as publisher in the OWMS list of organisations; empty: made from its name
# (http://standaarden.overheid.nl/owms/terms/<Name>_(gemeente)).
OPEN_DATA_PUBLISHER_URI = env.str("OPEN_DATA_PUBLISHER_URI", default="")
# The address the catalogue gives for questions about the data; empty: only the web address.
OPEN_DATA_CONTACT_EMAIL = env.str("OPEN_DATA_CONTACT_EMAIL", default="")
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)

# Accounts
AUTH_USER_MODEL = "kindportaal.User"
AUTHENTICATION_BACKENDS = [
    "kindportaal.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    # Django's list of common passwords and a Dutch one (kindportaal/passwords.py).
    {"NAME": "kindportaal.passwords.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if KINDPORTAAL_ENV == "test":
    # Hashing with a real work factor would make every test that creates a user slow.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "kindportaal:root"
LOGOUT_REDIRECT_URL = "account_login"
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)

ACCOUNT_ADAPTER = "kindportaal.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "kindportaal.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Invitations prove that a person controls their address; a changed address is verified again.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
# Before a sensitive change (a second factor, the e-mail address) allauth asks who you are again:
# by password or second factor only. A code sent by e-mail would let whoever reads the mailbox
# pass a check that the second factor is there to make.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kindportaal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG or KINDPORTAAL_ENV == "test" else "https"
# Failed logins: per address 10 a minute (any accounts); per account and address ("key",
# kindportaal.adapters) 5 in 5 minutes, then 10 an hour and 20 a day: the wait grows with the
# attempts. A password reset frees the account at the address it is made from.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key,10/h/key,20/d/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# Behind the reverse proxy every visitor comes from its address; the visitor's own is the last
# one the proxy adds to X-Forwarded-For. The number of proxies in front of the portal.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=1 if PRODUCTION else 0)
MFA_ADAPTER = "kindportaal.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kindportaal"
# Accept the code of the previous or next 30-second window: phone clocks drift.
MFA_TOTP_TOLERANCE = 1
# Policy officers and beheerders must use two-factor login. Only a local demo may switch it off.
REQUIRE_MFA = env.bool("REQUIRE_MFA", default=True)
if PRODUCTION and not REQUIRE_MFA:
    raise ImproperlyConfigured("REQUIRE_MFA can only be switched off outside production.")

# Login through the gemeente's OpenID Connect providers (docs/configuration.md, "Logging in
# through an identity provider"). OIDC_PROVIDERS names them; each one's settings are read from
# OIDC_<ID>_... variables. Without OIDC_PROVIDERS there is no provider and no provider button.
SOCIALACCOUNT_ADAPTER = "kindportaal.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
# The provider vouches for the address it gives (kindportaal.adapters.provider_email).
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # linking is the adapter's, by its own rules
SOCIALACCOUNT_LOGIN_ON_GET = False  # the button posts, so no other site can start a login
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("OIDC_TIMEOUT_SECONDS", default=5)
OIDC_DEFAULT_MFA_AMR = ["mfa", "mca", "otp", "hwk", "swk", "sc", "sms"]


def _oidc_provider(provider_id):
    prefix = "OIDC_" + provider_id.upper().replace("-", "_") + "_"
    roles = {}
    for pair in env.list(prefix + "ROLES", default=[]):
        value, _sep, role = pair.rpartition("=")
        roles[value.strip()] = role.strip()
    return {
        "provider_id": provider_id,
        "name": env.str(prefix + "NAME", default=provider_id),
        "client_id": env.str(prefix + "CLIENT_ID"),
        "secret": env.str(prefix + "CLIENT_SECRET", default=""),
        "settings": {
            "server_url": env.str(prefix + "SERVER_URL"),
            "scope": env.list(prefix + "SCOPES", default=["openid", "profile", "email"]),
            "email_claim": env.str(prefix + "EMAIL_CLAIM", default="email"),
            "role_claim": env.str(prefix + "ROLE_CLAIM", default=""),
            "roles": roles,
            "mfa_amr": env.list(prefix + "MFA_AMR", default=OIDC_DEFAULT_MFA_AMR),
            "mfa_acr": env.list(prefix + "MFA_ACR", default=[]),
        },
    }


OIDC_PROVIDERS = env.list("OIDC_PROVIDERS", default=[])
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [_oidc_provider(provider_id) for provider_id in OIDC_PROVIDERS],
    }
}
OIDC_ORIGINS = sorted(
    {
        "{0.scheme}://{0.netloc}".format(urlsplit(app["settings"]["server_url"]))
        for app in SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    }
)
# Roles that may log in with a password; the others only through a provider. All by default.
_ROLES = ["policy_officer", "partner_director", "council_member", "administrator"]
PASSWORD_LOGIN_ROLES = env.list("PASSWORD_LOGIN_ROLES", default=_ROLES)
for _provider in SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]:
    if set(_provider["settings"]["roles"].values()) - set(_ROLES):
        raise ImproperlyConfigured(f"OIDC roles must be among {', '.join(_ROLES)}.")
if set(PASSWORD_LOGIN_ROLES) - set(_ROLES):
    raise ImproperlyConfigured(f"PASSWORD_LOGIN_ROLES must be among {', '.join(_ROLES)}.")
if set(PASSWORD_LOGIN_ROLES) != set(_ROLES) and not OIDC_PROVIDERS:
    # Whoever may not use a password would have no way in at all.
    raise ImproperlyConfigured("PASSWORD_LOGIN_ROLES leaves roles out, but no OIDC_PROVIDERS.")

# Language and time: Dutch first, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# Static files and media
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Production: the internal location of the reverse proxy that serves MEDIA_ROOT once the portal
# has checked who asks (X-Accel-Redirect; docs/deployment.md). Empty: the portal sends the file.
MEDIA_ACCEL_REDIRECT = env.str("MEDIA_ACCEL_REDIRECT", default="")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Register imports (partners/registers): the largest upload, and up to how many rows a file is
# checked and imported while the uploader waits; larger files go to the Celery worker.
REGISTER_IMPORT_MAX_BYTES = env.int("REGISTER_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
REGISTER_IMPORT_INLINE_ROWS = env.int("REGISTER_IMPORT_INLINE_ROWS", default=300)
# A file larger than this is not even read during the upload: the worker checks it.
REGISTER_IMPORT_INLINE_BYTES = env.int("REGISTER_IMPORT_INLINE_BYTES", default=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Bodies larger than this are refused before they are read (413, kindportaal.middleware): every
# URL takes REQUEST_MAX_BYTES, the register upload a file of REGISTER_IMPORT_MAX_BYTES with the
# rest of its form. The reverse proxy takes UPLOAD_REQUEST_MAX_BYTES (docs/deployment.md).
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=DATA_UPLOAD_MAX_MEMORY_SIZE)
UPLOAD_REQUEST_MAX_BYTES = REGISTER_IMPORT_MAX_BYTES + 1024 * 1024

# Expensive requests (exports) per person: at most this many at a time and started per minute
# (kindportaal/limits.py, counted in Redis; not counted, so not limited, while Redis is away).
# A place is free again after EXPENSIVE_SLOT_SECONDS should the process holding it die.
EXPENSIVE_CONCURRENT = env.int("EXPENSIVE_CONCURRENT", default=1)
EXPENSIVE_PER_MINUTE = env.int("EXPENSIVE_PER_MINUTE", default=10)
EXPENSIVE_SLOT_SECONDS = env.int("EXPENSIVE_SLOT_SECONDS", default=120)
# An XLSX export is made in the request, in memory: at most this many rows (a CSV streams any
# number). The largest list at city scale, the allocations, has about 5,000.
EXPORT_XLSX_MAX_ROWS = env.int("EXPORT_XLSX_MAX_ROWS", default=10_000)
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# E-mail: SMTP in production (EMAIL_URL), the console elsewhere.
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://"
)
globals().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kindportaal <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where visitors report an accessibility problem (the accessibility statement names it).
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="")

# Celery: a Redis broker when CELERY_BROKER_URL is set; otherwise tasks run in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="kindportaal")
# An unacknowledged task (its worker died) is handed out again after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT * 2)
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The janitor queues again the work recorded in the database that no worker finished (a task
# lost when Redis restarted, or never queued while it was down): after this many minutes, for
# at most this many hours (kindportaal/queueing.py).
JANITOR_RESUBMIT_AFTER_MINUTES = env.int("JANITOR_RESUBMIT_AFTER_MINUTES", default=10)
JANITOR_GIVE_UP_AFTER_HOURS = env.int("JANITOR_GIVE_UP_AFTER_HOURS", default=48)
# Each app adds its periodic jobs here.
CELERY_BEAT_SCHEDULE: dict = {
    "kindportaal-janitor": {
        "task": "kindportaal.tasks.janitor",
        "schedule": 5 * 60,
    },
    # Warn owners of agreements due within 14 days without recent progress (once per due date).
    "agenda-warn-stale-agreements": {
        "task": "agenda.tasks.warn_stale_agreements",
        "schedule": crontab(hour=7, minute=0),
    },
}
# The daily overview of notices (kindportaal.notices), for those who chose it: at half past this
# hour (after the 7 o'clock warnings about agreements, so that these are in it).
NOTICE_DIGEST_HOUR = env.int("NOTICE_DIGEST_HOUR", default=7)
CELERY_BEAT_SCHEDULE["kindportaal-notice-digests"] = {
    "task": "kindportaal.tasks.send_notice_digests",
    "schedule": crontab(hour=NOTICE_DIGEST_HOUR, minute=30),
}
# LEA documents: a job still "being made" after the hard time limit (plus a margin) is failed
# with its reason, and a queued job whose message was lost is queued again.
CELERY_BEAT_SCHEDULE["reports-expire-lea-documents"] = {
    "task": "reports.tasks.expire_lea_documents",
    "schedule": 120.0,
}
LEA_PDF_SOFT_TIME_LIMIT = env.int("LEA_PDF_SOFT_TIME_LIMIT", default=CELERY_TASK_SOFT_TIME_LIMIT)
LEA_PDF_TIME_LIMIT = env.int("LEA_PDF_TIME_LIMIT", default=CELERY_TASK_TIME_LIMIT)

# Retention (AVG; docs/privacy.md has the schedule). The beat job kindportaal.tasks.retention
# removes, every night, what is older than these terms (in days).
# Audit records (who did what, when, from where).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)
# Sessions, counted from the moment they expired (logged out or SESSION_COOKIE_AGE passed).
SESSION_RETENTION_DAYS = env.int("SESSION_RETENTION_DAYS", default=7)
# Invitations that were never accepted, counted from when they expired or were replaced.
INVITATION_RETENTION_DAYS = env.int("INVITATION_RETENTION_DAYS", default=90)
# Uploaded register files, counted from the upload; the import's results and provenance stay.
IMPORT_FILE_RETENTION_DAYS = env.int("IMPORT_FILE_RETENTION_DAYS", default=90)
# Deactivated accounts, counted from the deactivation: then their name is replaced by "Voormalig
# gebruiker <number>" and their e-mail address removed, everywhere (kindportaal.anonymise).
RETENTION_ANONYMISE_DEACTIVATED_DAYS = env.int("RETENTION_ANONYMISE_DEACTIVATED_DAYS", default=365)
# LEA documents: the last this many versions of each agenda are kept, older ones removed.
LEA_DOCUMENT_KEEP_VERSIONS = env.int("LEA_DOCUMENT_KEEP_VERSIONS", default=10)
RETENTION_HOUR = env.int("RETENTION_HOUR", default=3)
CELERY_BEAT_SCHEDULE["kindportaal-retention"] = {
    "task": "kindportaal.tasks.retention",
    "schedule": crontab(hour=RETENTION_HOUR, minute=15),
}

# Security. Production sits behind a reverse proxy that terminates HTTPS.
HTTPS = env.bool("HTTPS", default=PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
# The container health check asks over plain HTTP from inside the host.
SECURE_REDIRECT_EXEMPT = [r"^health/(live/)?$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "kindportaal.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy on every answer (docs/security.md): scripts, styles, images,
# fonts and requests only from the portal itself; no inline script or style, no nonces (the page
# cache would hand one page's nonce to the next request). Images may also be data: URIs (the
# QR code of the two-factor set-up). Uploaded files keep their own stricter policy
# (kindportaal/media.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # The login button posts to the portal, which sends the browser on to the provider:
        # Chromium holds that redirect to form-action too.
        "form-action": [SELF, *OIDC_ORIGINS],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# Demo data: the password of the demo accounts that `manage.py seed_demo` creates.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="Voorbeeldstad-2026")


# The REST API (/api/v1/, the api app; docs/api.md). Partner systems identify themselves with an
# organisation's API key in the X-Api-Key header; the public resources need none.
API_VERSION = "1.0.0"
# Largest request body the API takes (a larger one is a 413 problem before it is read).
API_REQUEST_MAX_BYTES = env.int("API_REQUEST_MAX_BYTES", default=64 * 1024)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.authentication.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "URL_FORMAT_OVERRIDE": None,
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kindportaal API",
    "DESCRIPTION": (
        "De API van Kindportaal, volgens de API Design Rules van NL: de afspraken van je "
        "organisatie lezen, voortgang melden en afspraken bevestigen of afwijzen met de "
        "API-sleutel van je organisatie (header X-Api-Key), en de openbare gegevens van de "
        "gemeente zonder sleutel. Fouten zijn problem details (RFC 9457, "
        "application/problem+json). Zie docs/api.md."
    ),
    "VERSION": API_VERSION,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "CONTACT": {"name": "Beheer Kindportaal"},
    "LICENSE": {"name": "EUPL-1.2"},
}
# CORS (django-cors-headers): any origin may read the API, without cookies.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ["accept", "content-type", "x-api-key"]
CORS_EXPOSE_HEADERS = ["API-Version"]
