"""Settings for OpenExpo, fed by OPENEXPO_* and DATABASE_URL environment variables."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OPENEXPO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(int(default))).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("OPENEXPO_DEBUG")
SECRET_KEY = os.environ.get(
    "OPENEXPO_SECRET_KEY", "dev-insecure-openexpo-secret-key-change-me-in-production-0123456789"
)
# Keyed hash for personal ID numbers (visitors): never store the numbers in clear.
ID_HASH_KEY = os.environ.get("OPENEXPO_ID_HASH_KEY", "dev-insecure-id-hash-key-change-me")
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
    "openexpo.core",
    "openexpo.exhibitors",
    "openexpo.floorplan",
    "openexpo.visitors",
    "openexpo.catalogue",
    "openexpo.matchmaking",
    "openexpo.deals",
    "openexpo.forums",
    "openexpo.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "openexpo.core.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_sqlite)}
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
if os.environ.get("OPENEXPO_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["OPENEXPO_REDIS_URL"],
    }

# Celery: a broker URL turns on real workers; without one, tasks run in-process.
CELERY_BROKER_URL = os.environ.get("OPENEXPO_CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("OPENEXPO_CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE

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
# Individual registrations with a valid identity document are approved at once.
VISITOR_AUTO_APPROVE = env_bool("OPENEXPO_VISITOR_AUTO_APPROVE", True)

# Floor plan (issue 3): seconds the booth allocator's CP-SAT search may use per job.
FLOORPLAN_SOLVER_SECONDS = float(os.environ.get("OPENEXPO_FLOORPLAN_SOLVER_SECONDS", "60"))
