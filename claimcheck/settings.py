"""ClaimCheck settings: one module, every value read from the environment.

Every variable is listed in README.md. Without any of them set, the project runs on embedded defaults
(SQLite, a filesystem Celery broker) so that `make run` works on a bare laptop; production sets
DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, ALLOWED_HOSTS and SITE_URL.
"""

from __future__ import annotations

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime files of the embedded defaults (broker folders, results)

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see README.md).")
    SECRET_KEY = "django-insecure-development-only-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public origin of the site: absolute URLs in ClaimReview, feeds and the sitemap are built from it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The organisation that publishes the fact checks (ClaimReview.author).
PUBLISHER_NAME = env.str("PUBLISHER_NAME", default="ClaimCheck")
PUBLISHER_URL = env.str("PUBLISHER_URL", default=SITE_URL)
# The licence under which /feeds/claimreview.json offers our ClaimReviews (sdLicense; CC BY as Data Commons uses).
CLAIMREVIEW_FEED_LICENSE = env.str("CLAIMREVIEW_FEED_LICENSE", default="https://creativecommons.org/licenses/by/4.0/")
# The name bylines show for staff who have no public name or who choose to be credited as the desk.
DESK_NAME = env.str("DESK_NAME", default=f"{PUBLISHER_NAME} fact-check desk")
# Tip line (claims/tips): tips per reader address per hour, and days before tips and their contact addresses
# are deleted (claims.tips.tasks.purge_expired_tips, daily).
TIPS_PER_ADDRESS_PER_HOUR = env.int("TIPS_PER_ADDRESS_PER_HOUR", default=5)
TIPS_RETENTION_DAYS = env.int("TIPS_RETENTION_DAYS", default=90)
# Share cards (og:image): where rendered PNGs are kept, keyed by what they show, so a changed verdict gets a new one.
SHARE_CARD_DIR = Path(env.str("SHARE_CARD_DIR", default=str(VAR_DIR / "share-cards")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "csp",
    "axes",
    "claims",
    "claims.interop",
    "claims.tips",
    "claims.matching",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "claimcheck.urls"
WSGI_APPLICATION = "claimcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer costs a request seconds, not the kernel's minutes of TCP retries: the
    # request then fails with OperationalError, answered as 503 + Retry-After (claimcheck/errors.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5)
    )
else:
    # The web server, the worker and beat share one SQLite file: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
    # Take the write lock when a transaction starts: a read-then-write transaction (a link check recording its
    # result while another worker does the same) would otherwise fail at once with "database is locked".
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    # A file, not memory, so that a test's Celery worker process can open the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English and Persian (right-to-left) interface catalogues.
LANGUAGE_CODE = "en"
# The order the desk types dates in besides ISO 8601 (claims/dates.py): "DMY", "MDY", or "" for ISO only.
# A date whose day and month could be swapped is refused whatever this says.
DESK_DATE_ORDER = env.str("DESK_DATE_ORDER", default="DMY")
LANGUAGES = [("en", _("English")), ("fa", _("Persian"))]
LOCALE_PATHS = [BASE_DIR / "claims" / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# Static files: whitenoise serves them with hashed names and far-future cache headers.
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security: production values whenever DEBUG is off, so `check --deploy` is quiet with the documented variables.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# /healthz and /readyz are probed over plain HTTP by the container health checks.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# The language choice (the i18n switch) is a cookie too: HTTPS-only and same-site in production.
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp) on every response. Our pages, the admin and the API docs load scripts and
# styles from our own origin only. The one inline block, the ClaimReview JSON-LD, is data (type
# application/ld+json), never executed, so script-src does not apply to it: no nonce, and pages stay cacheable.
# Redoc's page alone loosens style-src (claims/api/urls.py): it inserts <style> elements.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # One style attribute allowed by its hash: django-simple-history's history page (`border-top: 0`).
        "style-src": ["'self'", "'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Admin login lock-out (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username, or from one
# address, further attempts are refused for AXES_COOLOFF_HOURS. Unlock: docs/operations.md.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
# The client address as the API throttle reads it (X-Forwarded-For only with NUM_PROXIES set): one rule.
AXES_CLIENT_IP_CALLABLE = "claims.api.throttling.client_address"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Celery. Unset CELERY_BROKER_URL means kombu's filesystem transport: a real broker with no server to run.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_FOLDER = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "store_processed": False,
    }
    _default_result_backend = f"file://{VAR_DIR / 'results'}"
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
    _default_result_backend = CELERY_BROKER_URL
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=_default_result_backend)
# Celery's Django fixup closes every database connection before and after every task unless this is set
# (celery/fixups/django.py): a new PostgreSQL connection per link check, the largest single cost of a sweep
# (docs/benchmarks.md). With it set, the fixup closes a connection only every 2 x N task starts and ends, and
# claimcheck/celery.py closes broken or aged connections around every task by Django's own rules
# (CONN_MAX_AGE, CONN_HEALTH_CHECKS), as Django does around every web request.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
# Tests and one-off scripts may run tasks in-process (never in production: see the system checks).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# Link checking (claims/linkcheck.py). Each is documented in README.md.
LINKCHECK_ALLOWED_NETWORKS = env.list("LINKCHECK_ALLOWED_NETWORKS", default=[])
LINKCHECK_ALLOWED_PORTS = [80, 443, *env.list("LINKCHECK_EXTRA_PORTS", cast=int, default=[])]
LINKCHECK_TIMEOUT = env.float("LINKCHECK_TIMEOUT", default=15.0)
LINKCHECK_CONNECT_TIMEOUT = env.float("LINKCHECK_CONNECT_TIMEOUT", default=5.0)
LINKCHECK_MAX_BYTES = env.int("LINKCHECK_MAX_BYTES", default=5 * 1024 * 1024)
LINKCHECK_MAX_REDIRECTS = env.int("LINKCHECK_MAX_REDIRECTS", default=10)
LINKCHECK_PER_HOST_CONCURRENCY = env.int("LINKCHECK_PER_HOST_CONCURRENCY", default=2)
# How long a check waits for one of its host's slots before giving up (HostBusy: the task retries with backoff).
LINKCHECK_HOST_WAIT_SECONDS = env.float("LINKCHECK_HOST_WAIT_SECONDS", default=30.0)
# A directory's soft-404 probe answer is reused for this long by one worker process (0: probe for every page).
LINKCHECK_PROBE_CACHE_SECONDS = env.float("LINKCHECK_PROBE_CACHE_SECONDS", default=300.0)
LINKCHECK_DEAD_AFTER_FAILURES = env.int("LINKCHECK_DEAD_AFTER_FAILURES", default=3)
LINKCHECK_DEAD_AFTER_DAYS = env.int("LINKCHECK_DEAD_AFTER_DAYS", default=3)
LINKCHECK_SWEEP_BATCH_SIZE = env.int("LINKCHECK_SWEEP_BATCH_SIZE", default=200)
# A sweep sends its sources to the workers in tasks of this many, fetched side by side in each worker process's
# fetch pool of LINKCHECK_FETCH_THREADS threads (claims/linkcheck/services.py, sources_check).
LINKCHECK_TASK_BATCH = env.int("LINKCHECK_TASK_BATCH", default=16)
LINKCHECK_FETCH_THREADS = env.int("LINKCHECK_FETCH_THREADS", default=32)
LINKCHECK_USER_AGENT = env.str(
    "LINKCHECK_USER_AGENT",
    default="ClaimCheckLinkChecker/1.0 (+https://github.com/claimcheck/claimcheck; fact-check source monitor)",
)
# Web archive for snapshots of cited pages: "none" or "internet_archive".
ARCHIVE_BACKEND = env.str("ARCHIVE_BACKEND", default="none")
ARCHIVE_IA_ACCESS_KEY = env.str("ARCHIVE_IA_ACCESS_KEY", default="")
ARCHIVE_IA_SECRET_KEY = env.str("ARCHIVE_IA_SECRET_KEY", default="")
ARCHIVE_IA_SAVE_URL = env.str("ARCHIVE_IA_SAVE_URL", default="https://web.archive.org/save")
ARCHIVE_IA_AVAILABILITY_URL = env.str("ARCHIVE_IA_AVAILABILITY_URL", default="https://archive.org/wayback/available")
ARCHIVE_IA_WAYBACK_URL = env.str("ARCHIVE_IA_WAYBACK_URL", default="https://web.archive.org/web")

# Repeated-claim matching (claims/matching/, docs/matching.md). Scores are 0–1; tuned on the shipped evaluation
# set (`manage.py match_report`). Below SUGGEST nothing is shown; from SAME up the `repeats` relation is created
# automatically, except for texts under MIN_WORDS_FOR_SAME words, candidates older than MAX_AGE_DAYS_FOR_SAME days
# pairs whose numbers differ, and pairs whose wording is less than SAME_VERBATIM alike: those are only suggested.
MATCHING_SUGGEST = env.float("MATCHING_SUGGEST", default=0.45)
MATCHING_SAME = env.float("MATCHING_SAME", default=0.90)
MATCHING_SAME_VERBATIM = env.float("MATCHING_SAME_VERBATIM", default=0.97)
MATCHING_MIN_WORDS_FOR_SAME = env.int("MATCHING_MIN_WORDS_FOR_SAME", default=8)
MATCHING_MAX_AGE_DAYS_FOR_SAME = env.int("MATCHING_MAX_AGE_DAYS_FOR_SAME", default=730)

# REST API (claims/api/).
REST_FRAMEWORK = {
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.permissions.ModelPermissionsOrAnonReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttling.AnonRateThrottle",
        "claims.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
    },
    # Number of proxies in front of the app: throttling keys on the right X-Forwarded-For entry.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.ApiCursorPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "claims.api.errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.FiniteJSONParser"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ClaimCheck API",
    "DESCRIPTION": (
        "Published fact checks: claims, claimants, sources and ratings. Also, outside this schema: every published "
        "ClaimReview as a schema.org DataFeed at `/feeds/claimreview.json` (`?modified_since=`), and a Google Fact "
        "Check Tools-compatible search at `/factchecktools/v1alpha1/claims:search` (see docs/interop.md)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Paths in the schema are absolute (/api/v1/...): the server is the public origin.
    "SERVERS": [{"url": SITE_URL, "description": "This ClaimCheck site"}],
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.document_ids_as_integers",
        "claims.api.schema.add_query_examples",
    ],
    "ENUM_NAME_OVERRIDES": {
        "LinkStatusEnum": "claims.linkcheck.outcomes.LinkHealth",
        "SourceKindEnum": "claims.models.Source.Kind",
        "ClaimSourceRoleEnum": "claims.models.ClaimSource.Role",
        "VerdictStatusEnum": "claims.models.Verdict.Status",
    },
}

# Cross-origin reads of the public API only.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# Throttle counters live here: use a shared cache (redis://...) when running several web processes.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Fail open while Redis is down (claimcheck/cache.py), and find out quickly that it is.
    CACHES["default"]["BACKEND"] = "claimcheck.cache.FailOpenRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(socket_connect_timeout=0.5, socket_timeout=0.5)

# The sitemap is rebuilt by a Celery task this many seconds after the first editorial change of a quiet spell; the
# changes made meanwhile join that build (claims/sitemaps/tasks.py). Readers get the previous build until then.
SITEMAP_BUILD_DELAY_SECONDS = env.int("SITEMAP_BUILD_DELAY_SECONDS", default=30)

# API tokens expire this many days after they were made (claims/api/authentication.py); rotate to renew.
API_TOKEN_MAX_AGE_DAYS = env.int("API_TOKEN_MAX_AGE_DAYS", default=90)
# Requests with a wrong API token allowed per client address per minute, before 429 (a guessing client).
API_WRONG_TOKEN_LIMIT = env.int("API_WRONG_TOKEN_LIMIT", default=10)

# Bodies: Django refuses a request body over this many bytes (the API answers 400 in its JSON shape). The admin has
# no file uploads; this is also the cap for any form post.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# Nesting depth of a JSON body the API accepts (claims/api/parsers.py); ours needs 3.
API_JSON_MAX_DEPTH = 32

# Demo accounts for `make run` on embedded defaults only; the system checks refuse it with DEBUG off.
CREATE_DEMO_USERS = env.bool("CREATE_DEMO_USERS", default=False)
# Save Page Now requests per minute, per archive worker: run one worker, concurrency 1, on the "archive" queue.
ARCHIVE_RATE_LIMIT = env.str("ARCHIVE_RATE_LIMIT", default="4/m")
# Save Page Now captures started per rolling minute across ALL workers (Redis, or a file with the filesystem
# broker): the Internet Archive's published limit is about 4 anonymous, 12 with keys (docs/linkcheck.md).
ARCHIVE_CAPTURES_PER_MINUTE = env.int("ARCHIVE_CAPTURES_PER_MINUTE", default=4)
# Seconds between polls of a Save Page Now job's status.
ARCHIVE_IA_POLL_SECONDS = env.float("ARCHIVE_IA_POLL_SECONDS", default=5.0)
