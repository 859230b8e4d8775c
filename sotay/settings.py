"""One settings module; every deployment value comes from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env(name: str, default: str = "") -> str:
    import os

    value = os.environ.get(name)
    if value is None and os.environ.get(f"{name}_FILE"):
        value = Path(os.environ[f"{name}_FILE"]).read_text().strip()
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    raw = env(name, "1" if default else "0").strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - DEBUG only
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from static files, not a CDN
    "treebeard",
    "auditlog",
    "axes",
    "django_tasks_db",
    "sotay.core",
    "sotay.organizations",
    "sotay.accounts",
    "sotay.members",
    "sotay.recruitment",
    "sotay.handbook",
    "sotay.api",
    "sotay.devdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise, so it sees every response but the static files'.
    "sotay.core.middleware.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sotay.core.middleware.VietnameseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    "sotay.accounts.middleware.SignInSeenMiddleware",
]

ROOT_URLCONF = "sotay.urls"
WSGI_APPLICATION = "sotay.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sotay" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sotay.accounts.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sotay.sqlite3'}"), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out (name, address) goes no further
    "django.contrib.auth.backends.ModelBackend",
    "sotay.accounts.backends.PhoneOrCardBackend",  # members sign in with a phone or card number
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock out a (username, address) pair, never an address alone: colleagues behind one office
# NAT must not be locked out by someone else's typos.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "sotay.accounts.lockout.lockout_response"  # JSON for the API
# Handbook activation: wrong attempts allowed within AXES_COOLOFF_TIME from one address (a cell
# meeting's shared Wi-Fi: only failures count) and against one member's account. A code itself is
# voided after the policy parameter `activation_code_attempts` wrong phone or card numbers.
ACTIVATION_ADDRESS_LIMIT = int(env("ACTIVATION_ADDRESS_LIMIT", "20"))
ACTIVATION_MEMBER_LIMIT = int(env("ACTIVATION_MEMBER_LIMIT", "10"))

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "sotay" / "static"]
# Uploaded files (an admission case's attachments) are private: no URL serves this folder, only
# the pages that check the reader's scope.
MEDIA_ROOT = VAR_DIR / "media"
# The API takes JSON only, so a step's 10 MB attachment (services/cases.py ATTACHMENT_MAX_BYTES) comes
# base64-encoded in the body: 4/3 of 10 MB is 13.4 MB, with room for the name and the JSON around it.
# Django's default of 2.5 MB would refuse it; this is as far as that file needs, no further.
DATA_UPLOAD_MAX_MEMORY_SIZE = 14 * 1024 * 1024
# Collected files get a content hash in their name and a gzip and brotli twin, so whitenoise can
# send them compressed and cached for good (hashed names are "immutable").
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Every page names files through {% static %}, so the unhashed copies would only double the
# compressing (collectstatic takes half the time without them).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Source maps are read by developer tools only; brotli on their megabytes would slow collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# Served over HTTPS unless told otherwise (`make demo` runs over plain HTTP on this machine).
if env("SECURE_COOKIES"):
    # Ignored, the old name would leave HTTPS (the redirect, HSTS) on where the operator turned it off.
    raise ImproperlyConfigured("SECURE_COOKIES was renamed: use HTTPS (1/0) instead")
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# Browsers take HSTS only over HTTPS, so this costs the plain-HTTP demo nothing.
SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Behind a proxy that ends TLS, Django learns the scheme from this header (set it only there).
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    # HSTS preloading binds the whole domain in browsers for months: the operator's decision,
    # taken per domain, not a default of the app.
    "security.W021",
    # A covering index's INCLUDE columns serve PostgreSQL's index-only scans; SQLite (the demo,
    # one province) builds the same index without them, which is all it needs.
    "models.W040",
]
SECURE_REFERRER_POLICY = "same-origin"  # URLs carry unit and member ids
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (htmx's own indicator style is switched off in _htmx.html).
# data: images are Pico's form icons (select arrows, checkboxes), drawn as SVG in its CSS.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Features no page uses yet. The handbook's QR check-in will want `camera=(self)`.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "midi=(), accelerometer=(), gyroscope=(), magnetometer=(), display-capture=(), browsing-topics=()"
)

AUDITLOG_INCLUDE_ALL_MODELS = False

NINJA_PAGINATION_PER_PAGE = 50

SITE_NAME = _("Sổ tay")
FORMAT_MODULE_PATH = ["sotay.formats"]
