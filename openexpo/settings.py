"""Settings for OpenExpo, fed by OPENEXPO_* and DATABASE_URL environment variables."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OPENEXPO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(int(default))).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# OPENEXPO_PROFILE=prod: PostgreSQL, Redis cache and Celery broker, whitenoise static files,
# no debug, secrets required from the environment (docs/deployment.md).
PROFILE = os.environ.get("OPENEXPO_PROFILE", "dev")
PROD = PROFILE == "prod"
REDIS_URL = os.environ.get("OPENEXPO_REDIS_URL") or ("redis://127.0.0.1:6379/0" if PROD else "")

DEBUG = env_bool("OPENEXPO_DEBUG")
# Production mode: refuses to start with the development secrets below (see the end of file).
PRODUCTION = env_bool("OPENEXPO_PRODUCTION") or PROD
# Development defaults, each replaced by an OPENEXPO_* variable in production.
DEV_SECRETS = {
    "OPENEXPO_SECRET_KEY": "dev-insecure-openexpo-secret-key-change-me-in-production-0123456789",
    "OPENEXPO_ID_HASH_KEY": "dev-insecure-id-hash-key-change-me",
    # Defaults to the secret key, which is what existing development databases were encrypted with.
    "OPENEXPO_BADGE_KEY_SECRET": "dev-insecure-openexpo-secret-key-change-me-in-production-0123456789",
    "OPENEXPO_WEBHOOK_SECRET": "dev-insecure-webhook-hmac-secret-change-me",
}
SECRET_KEY = os.environ.get("OPENEXPO_SECRET_KEY", DEV_SECRETS["OPENEXPO_SECRET_KEY"])
# Keyed hash for personal ID numbers (visitors): never store the numbers in clear.
ID_HASH_KEY = os.environ.get("OPENEXPO_ID_HASH_KEY", DEV_SECRETS["OPENEXPO_ID_HASH_KEY"])
# Encrypts the per-edition badge signing keys at rest (visitors/keys.py).
BADGE_KEY_SECRET = os.environ.get("OPENEXPO_BADGE_KEY_SECRET") or SECRET_KEY
# Default HMAC secret for signing webhook payloads.
WEBHOOK_SECRET = os.environ.get("OPENEXPO_WEBHOOK_SECRET", DEV_SECRETS["OPENEXPO_WEBHOOK_SECRET"])
ALLOWED_HOSTS = env_list("OPENEXPO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("OPENEXPO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "ninja",
    "axes",
    "openexpo.core",
    "openexpo.exhibitors",
    "openexpo.floorplan",
    "openexpo.visitors",
    "openexpo.catalogue",
    "openexpo.matchmaking",
    "openexpo.deals",
    "openexpo.forums",
    "openexpo.reports",
    "openexpo.webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "openexpo.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "openexpo.core.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "openexpo.api.middleware.ApiErrorEnvelopeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "openexpo.core.middleware.DomainPermissionDeniedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openexpo.urls"
WSGI_APPLICATION = "openexpo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "openexpo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "openexpo.core.context_processors.expo",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'openexpo.sqlite3'}"
_default_db = "postgres://postgres@127.0.0.1:5432/openexpo_prod" if PROD else _default_sqlite
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_db)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        " PRAGMA cache_size=-200000; PRAGMA temp_store=MEMORY;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    # Each test process gets its own database, so parallel runs never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_openexpo_{os.getpid()}"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Argon2id for new and re-hashed passwords; older hashes are still read and upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes checks each login attempt before the model backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "openexpo" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    p
    for p in [BASE_DIR / "openexpo" / "static", BASE_DIR / "node_modules" / "htmx.org" / "dist"]
    if p.exists()
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("OPENEXPO_MEDIA_ROOT", VAR_DIR / "media"))

EMAIL_BACKEND = os.environ.get(
    "OPENEXPO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("OPENEXPO_FROM_EMAIL", "expo@openexpo.invalid")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    # A down Redis reads as a cache miss (openexpo.core.resilience), never as an error page.
    CACHES["default"] = {
        "BACKEND": "openexpo.core.resilience.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
    }

# Seconds the front page's live figures may be reused (0: computed on every view).
HEADLINE_CACHE_SECONDS = int(
    os.environ.get("OPENEXPO_HEADLINE_CACHE_SECONDS", "5" if PROD else "0")
)
# API rate limit per token, "requests/seconds" (a fixed window; "0" turns it off).
API_RATE_LIMIT = os.environ.get("OPENEXPO_API_RATE_LIMIT", "3000/60")
# API rate limit for anonymous callers, per client address (CLIENT_IP_HEADERS): on in the prod
# profile, off elsewhere so development and tests (all from one address) never trip it.
API_ANON_RATE_LIMIT = os.environ.get("OPENEXPO_API_ANON_RATE_LIMIT", "1200/60" if PROD else "0")

# Celery: a broker URL turns on real workers; without one, tasks run in-process.
CELERY_BROKER_URL = os.environ.get("OPENEXPO_CELERY_BROKER_URL") or (REDIS_URL if PROD else "")
# A worker killed mid-job leaves its message unacknowledged, so the job is delivered again
# (openexpo.core.jobs reclaims the dead run); one job at a time per worker process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than the longest job (solvers stop at 600 s): only then is an unacked message re-sent.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("OPENEXPO_CELERY_VISIBILITY_TIMEOUT", "900"))
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("OPENEXPO_CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE
# Webhook retries whose backoff has run out (without a broker: `manage.py webhooks_retry`).
CELERY_BEAT_SCHEDULE = {"webhooks-retry-due": {"task": "webhooks.retry_due", "schedule": 60.0}}

COUNTRIES_FIRST = ["CN"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OPENEXPO_LOG_LEVEL", "WARNING")},
}

# The edition the public site shows when a URL names none (defaults to the newest).
CURRENT_EDITION = int(os.environ.get("OPENEXPO_CURRENT_EDITION", "0")) or None
FORMAT_MODULE_PATH = ["openexpo.formats"]

# --- visitors (issue 4): gate check-in -------------------------------------------------
# dj_database_url.parse() always returns CONN_MAX_AGE=0, so the setdefault(…, 60) above never
# applied: every request opened a new PostgreSQL connection (~3 ms of server CPU per scan).
# SQLite too: a kept connection keeps its page cache warm (the front page at full scale takes
# half the time), except for an in-memory database, which a new connection would not see.
if ":memory:" not in str(DATABASES["default"].get("NAME", "")):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("OPENEXPO_CONN_MAX_AGE", "60"))
# Visitor personal data is kept this many days after an edition's last day, then purged.
VISITOR_DATA_RETENTION_DAYS = int(os.environ.get("OPENEXPO_VISITOR_RETENTION_DAYS", "180"))
# POST /api/scans from a known gate token is answered in front of Django's request stack
# (openexpo/visitors/lane.py); 0 sends every scan through Django and django-ninja.
SCAN_FAST_LANE = env_bool("OPENEXPO_SCAN_FAST_LANE", True)
# Individual registrations with a valid identity document are approved at once.
VISITOR_AUTO_APPROVE = env_bool("OPENEXPO_VISITOR_AUTO_APPROVE", True)

# Floor plan (issue 3): seconds the booth allocator's CP-SAT search may use per job.
FLOORPLAN_SOLVER_SECONDS = float(os.environ.get("OPENEXPO_FLOORPLAN_SOLVER_SECONDS", "60"))

# --- security (issue 9) ----------------------------------------------------------------
# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is locked out for the cool-off time; a success resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("OPENEXPO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OPENEXPO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "openexpo.core.lockout.lockout_response"
AXES_VERBOSE = False
# Behind a reverse proxy, name the header carrying the client address (e.g. HTTP_X_FORWARDED_FOR);
# the login lockout and the anonymous API rate limit both read it.
CLIENT_IP_HEADERS = env_list("OPENEXPO_CLIENT_IP_HEADERS", "REMOTE_ADDR")
AXES_IPWARE_META_PRECEDENCE_ORDER = CLIENT_IP_HEADERS

# Headers sent always (also over plain HTTP).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Served by openexpo.core.middleware.ContentSecurityPolicyMiddleware: no inline scripts anywhere
# (page behaviour lives in static files); inline style attributes are still allowed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# /api/docs needs no exception: with "ninja" installed, Swagger UI comes from django-ninja's own
# static files (no CDN) and starts from a static script.

# HTTPS: cookies only over TLS and HSTS whenever not in debug (HSTS is only ever sent on HTTPS
# responses). OPENEXPO_HTTPS=0 serves plain HTTP, e.g. a load test on loopback.
HTTPS = env_bool("OPENEXPO_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("OPENEXPO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("OPENEXPO_HSTS_SUBDOMAINS", False)
SECURE_SSL_REDIRECT = env_bool("OPENEXPO_SSL_REDIRECT", PRODUCTION and HTTPS)
if os.environ.get("OPENEXPO_PROXY_SSL_HEADER"):  # e.g. HTTP_X_FORWARDED_PROTO
    SECURE_PROXY_SSL_HEADER = (os.environ["OPENEXPO_PROXY_SSL_HEADER"], "https")


def production_problems(environ: dict[str, str] | None = None) -> list[str]:
    """What stops production mode starting: debug on, or a secret left at its development default."""
    environ = os.environ if environ is None else environ
    debug = environ.get("OPENEXPO_DEBUG", "0").lower() in {"1", "true", "yes", "on"}
    problems = ["OPENEXPO_DEBUG must be off"] if debug else []
    for name, dev_value in DEV_SECRETS.items():
        value = environ.get(name, "")
        if not value or value == dev_value or len(value) < 32:
            problems.append(f"{name} must be set to a secret of at least 32 characters")
    return problems


if PRODUCTION and production_problems():
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Refusing to start in production mode: " + "; ".join(production_problems())
    )


# --- production deployment (issue 9) --------------------------------------------------
# A lost database answers 503 + Retry-After (never a 500), and the next request reconnects.
MIDDLEWARE.insert(1, "openexpo.core.resilience.DatabaseUnavailableMiddleware")
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A PostgreSQL read replica for the reports pages (GET only): OPENEXPO_REPLICA_URL.
# REPLICA_READS says whether reads may go there (the test suite declares the alias as a mirror
# of default without turning the reads on, tests/conftest.py).
REPLICA_READS = bool(os.environ.get("OPENEXPO_REPLICA_URL"))
if REPLICA_READS:
    DATABASES["replica"] = dj_database_url.parse(os.environ["OPENEXPO_REPLICA_URL"])
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    MIDDLEWARE.insert(2, "openexpo.core.dbrouter.ReportsReplicaMiddleware")
DATABASE_ROUTERS = ["openexpo.core.dbrouter.ReplicaRouter"]
REPLICA_PATHS = env_list("OPENEXPO_REPLICA_PATHS", "/reports/")
if PROD:
    # Static files: `manage.py collectstatic` into STATIC_ROOT, served by whitenoise from each
    # app server (hashed names, compressed copies, far-future cache headers).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
