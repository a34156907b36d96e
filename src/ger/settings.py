"""Django settings for GER, read from the environment (see `.env.example`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from ger.datalicence import DEFAULT_LICENCE, LICENCES
from ger.environment import (
    read_bool,
    read_choice,
    read_int,
    read_list,
    read_media_storage,
    read_networks,
    read_path,
    read_secret,
    read_text,
    read_url,
)

# Lets admin classes and querysets be written with their generic types at run time.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent.parent
# In a source checkout runtime files live beside the code; an installed copy uses cwd.
PROJECT_DIR = SOURCE_ROOT if (SOURCE_ROOT / "pyproject.toml").exists() else Path.cwd()

DEBUG = read_bool("DEBUG", False)
VAR_DIR = read_path("GER_VAR_DIR", PROJECT_DIR / "var")
GER_DATA_DIR = read_path("GER_DATA_DIR", PACKAGE_DIR / "data")

_secret_key = read_secret("SECRET_KEY")
if _secret_key is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: set SECRET_KEY (or SECRET_KEY_FILE), "
            "or DEBUG=true for a development key."
        )
    _secret_key = "ger-development-key-never-use-in-production"
SECRET_KEY = _secret_key

ALLOWED_HOSTS = read_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Serves the API docs' Swagger UI from our own static files, not a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "ger.registry",
    "ger.objectives",
    "ger.plans",
    "ger.editions",
    "ger.history",
    "ger.analysis",
    "ger.dataset",
    "ger.workspace",
    "ger.notifications",
    "ger.search",
    "ger.exports",
    "ger.imagery",
    "ger.publishing",
    "ger.api",
    "ger.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ger.web.middleware.ApiErrorShapeMiddleware",
    "ger.web.middleware.RequestSizeLimitMiddleware",
    "ger.web.middleware.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ger.web.middleware.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ger.web.middleware.AllowedMethodsMiddleware",
    # Last, so that it sees a sign-in refused by the throttle and answers 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ger.urls"
WSGI_APPLICATION = "ger.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ger.web.context_processors.editor_view",
            ],
        },
    },
]


def _database(url: str | None) -> dict[str, Any]:
    if url is None:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "ger.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    return config


DATABASES = {
    "default": _database(read_url("DATABASE_URL", ("sqlite", "postgres", "postgresql")))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = read_url("REDIS_URL", ("redis", "rediss", "unix"))
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
        }
        if _redis_url
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Values kept for the plan generation (a mission's detail and page, a
            # search's results, counts) number in the thousands on a large plan;
            # Django's default of 300 would cull a third of them at every turn.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    )
}
# Without Redis, the plan generation (see ger.plancache) is shared by this
# machine's processes through this file: a change made in one worker, or by a
# command, shows in every other at its next request.
PLAN_GENERATION_FILE = VAR_DIR / "plan-generation"
# Signed-in pages read the session on every request: from the shared cache with
# Redis (written through to the database). Not without Redis: each process would
# keep its own copy, and a sign-out in one would not reach the others.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if _redis_url
    else "django.contrib.sessions.backends.db"
)

# Sign-in throttling for every sign-in form, the admin's included (django-axes,
# with GER's tiers in ger.workspace.sign_in_throttle): see docs/security.md.
AUTHENTICATION_BACKENDS = [
    "ger.workspace.sign_in_throttle.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "ger.workspace.sign_in_throttle.TieredSignInHandler"
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_FAILURE_LIMIT = 5  # per address and account; see the handler for the others
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ger.http.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "ger.workspace.sign_in_throttle.locked_out_response"
AXES_USERNAME_CALLABLE = "ger.workspace.sign_in_throttle.account_name"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en"
# Each language under its own name, as the switcher shows it to someone who reads it.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# whitenoise serves from here; it must exist even before the first collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded images: local files under the var dir, or an S3-compatible bucket.
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": read_media_storage("GER_MEDIA_STORAGE", MEDIA_ROOT),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "ger.web.storage.GzipManifestStaticFilesStorage"
        )
    },
}

SESSION_COOKIE_SECURE = read_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = read_int(
    "SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_SSL_REDIRECT = read_bool("SECURE_SSL_REDIRECT", False)
# The proxies (addresses or networks) whose X-Forwarded-For and X-Forwarded-Proto
# GER believes; none by default, and then nobody can claim another address or HTTPS.
GER_TRUSTED_PROXIES = read_networks("GER_TRUSTED_PROXIES")
if GER_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_SSL_REDIRECT:
        # The TLS proxy redirects plain HTTP itself (docs/deploy.md).
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = read_int("SESSION_COOKIE_AGE", 12 * 3600, minimum=60)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Request bodies above this answer 413 before any view reads them.
GER_MAX_BODY_BYTES = read_int("GER_MAX_BODY_BYTES", 2 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = GER_MAX_BODY_BYTES
# An image upload's body may be larger: it is checked, scaled down and re-encoded.
GER_MAX_IMAGE_BYTES = read_int("GER_MAX_IMAGE_BYTES", 16 * 1024 * 1024, minimum=1024)
# API rate limits per client address (anonymous) or per token user, as "N/period".
GER_API_ANONYMOUS_RATE = read_text("GER_API_ANONYMOUS_RATE", "600/m")
GER_API_TOKEN_RATE = read_text("GER_API_TOKEN_RATE", "3000/m")
# No inline or third-party scripts anywhere; inline styles only for the SVG charts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": read_text("LOG_LEVEL", "INFO")},
}

# Background tasks (edition builds from the workspace): queued in the database and
# run by `ger db_worker` on any node.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Notices by e-mail (ger.notifications): printed on the console in development,
# sent over SMTP otherwise (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER…).
EMAIL_BACKEND = read_text(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = read_text("EMAIL_HOST", "localhost")
EMAIL_PORT = read_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = read_text("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = read_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = read_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = read_text("DEFAULT_FROM_EMAIL", "GER <ger@localhost>")
# The site's address, for the links in e-mails (a path alone leads nowhere there).
GER_SITE_URL = read_text("GER_SITE_URL", "http://127.0.0.1:8000")
# The open licence the data set and its releases are published under (ger.datalicence).
GER_DATA_LICENCE = read_choice("GER_DATA_LICENCE", DEFAULT_LICENCE, tuple(LICENCES))
# `ger serve`: where gunicorn listens and how many sync workers it starts.
GER_BIND = read_text("GER_BIND", "127.0.0.1:8000")
GER_WORKERS = read_int("GER_WORKERS", (os.cpu_count() or 1) * 2 + 1, minimum=1)

# Co-authoring
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "web:home"
# Invitation links (set-password links) stay valid for a week.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600

# Scaling
# Reads can go to PostgreSQL read replicas (ger.routers): writes, and every read
# after a write in the same request, stay on the primary ("default").
DATABASE_REPLICA_URLS: list[str] = []
for _number, _raw in enumerate(read_list("DATABASE_REPLICA_URLS", []), start=1):
    _name = f"DATABASE_REPLICA_URLS (item {_number})"
    _url = read_url(_name, ("postgres", "postgresql"), environ={_name: _raw})
    if _url:
        DATABASE_REPLICA_URLS.append(_url)
        DATABASES[f"replica{_number}"] = {
            **_database(_url),
            "TEST": {"MIRROR": "default"},
        }
DATABASE_ROUTERS = ["ger.routers.PrimaryReplicaRouter"] if DATABASE_REPLICA_URLS else []
# Keep SQLite connections open between requests too (PostgreSQL's are kept 60 s).
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
# Benchmarks only: adds the framework's ceiling view; off by default. The URLconf is
# bench/read_path/bench_urls.py, on the PYTHONPATH that the benchmark gives the server.
GER_BENCH = read_bool("GER_BENCH", False)
if GER_BENCH:
    ROOT_URLCONF = "bench_urls"
