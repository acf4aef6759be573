"""Settings shared by every environment. Environment-specific files override these."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NotRequired, TypedDict

from .env import database, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("ANJIAN_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "anjian.core",
    "anjian.accounts",
    "anjian.regions",
    "anjian.enterprises",
    "anjian.hazards",
    "anjian.risks",
    "anjian.monitoring",
    "anjian.dashboard",
    "anjian.calculator",
    "anjian.inspections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, from gunicorn as from nginx
    "anjian.core.middleware.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "anjian.accounts.middleware.SessionPolicyMiddleware",
    "anjian.accounts.middleware.LoginThrottleMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "anjian.core.middleware.InputGuardMiddleware",
    "anjian.core.middleware.DomainErrorMiddleware",
    "anjian.core.guards.GuardMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "anjian" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "anjian.core.context_processors.shell",
            ],
        },
    },
]

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'anjian.sqlite3'}"
DATABASES = {"default": database(DEFAULT_DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "anjian.accounts.backends.RoleBackend",
]
# Lockout (django-axes): N consecutive failures lock a username at one address for M minutes
# (not the username everywhere, which would let anyone lock anyone out); N and M come from the
# security policy the security administrator edits.
AXES_FAILURE_LIMIT = "anjian.accounts.policy.axes_failure_limit"
AXES_COOLOFF_TIME = "anjian.accounts.policy.axes_cooloff"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Beyond it (anjian.accounts.throttle), within the same M minutes: an address with this many
# failures across usernames gets 429 with Retry-After; a username with this many failures from
# all addresses waits 1 s, then twice as long after each further failure, up to the cap, except
# from an address it signed in from within the last days given.
LOGIN_THROTTLE = {
    "ADDRESS_FAILURES": env_int("ANJIAN_THROTTLE_ADDRESS_FAILURES", 30),
    "USERNAME_FREE_FAILURES": env_int("ANJIAN_THROTTLE_USERNAME_FAILURES", 10),
    "USERNAME_MAX_DELAY": env_int("ANJIAN_THROTTLE_USERNAME_MAX_DELAY", 300),
    "KNOWN_ADDRESS_DAYS": 30,
}
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock lasts its fixed time
AXES_USERNAME_CALLABLE = "anjian.accounts.policy.axes_username"
AXES_CLIENT_IP_CALLABLE = "anjian.core.middleware.client_ip"
AXES_LOCKOUT_CALLABLE = "anjian.accounts.views.lockout_response"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "安监平台"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "anjian.accounts.passwords.PolicyValidator"},
]

# Server-side sessions. Idle and absolute timeouts come from the security policy and are enforced
# by SessionPolicyMiddleware; the cookie itself lives at most the absolute limit.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "anjian" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [
    BASE_DIR / "anjian" / "static",  # the shared layout's own CSS and JS
]
# Front-end packages are installed from npm (package-lock.json); of each, only the files pages
# use are served and collected: {prefix: (package folder, globs)}.
VENDOR_STATIC: dict[str, tuple[Path, list[str]]] = {
    "vendor/tabler": (
        NODE_MODULES / "@tabler/core/dist",
        ["css/tabler.min.css", "js/tabler.min.js"],
    ),
    "vendor/htmx": (NODE_MODULES / "htmx.org/dist", ["htmx.min.js"]),
    "vendor/echarts": (NODE_MODULES / "echarts/dist", ["echarts.min.js"]),
    "vendor/leaflet": (
        NODE_MODULES / "leaflet/dist",
        ["leaflet.js", "leaflet.css", "images/*.png"],
    ),
    "vendor/markercluster": (
        NODE_MODULES / "leaflet.markercluster/dist",
        ["leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"],
    ),
    "vendor/icons": (NODE_MODULES / "@tabler/icons/icons", ["outline/*.svg"]),  # inlined
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "anjian.core.staticfiles.VendorFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "anjian.core.staticfiles.ManifestStorage"},  # after collectstatic
}
MEDIA_ROOT = Path(env_str("ANJIAN_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"  # files are only served through the permission-checked view

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"client_errors": {"()": "anjian.core.logfilters.ClientErrorFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_errors"],  # a 403 or 404 is one line, not a traceback
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"anjian": {"level": "INFO"}},
}


class AnjianSettings(TypedDict):
    """The shape of `ANJIAN`, so code reading a value knows its type."""

    UPLOAD_MAX_BYTES: int
    IMPORT_MAX_ROWS: int
    IMAGE_MAX_PIXELS: int
    IMAGE_MAX_SIDE: int
    API_TOKEN_HOURS: int
    AUDIT_SEAL_GRACE_SECONDS: int
    TICK_LOCK_SECONDS: int
    FIELD_KEYS: list[str]
    FIELD_CIPHER: str
    AUDIT_KEY: str
    AUDIT_MAC: str
    READING_FUTURE_SECONDS: int
    READING_RETENTION_DAYS: int
    READING_BATCH_MAX: int
    MAP_TILE_URL: str
    MAP_TILE_ATTRIBUTION: str
    MAP_TILE_SUBDOMAINS: str
    TRUSTED_PROXY_COUNT: int
    CLAMD: str
    # Local conventions read by anjian.core.rules; the standards library's choice when unset.
    LEC_BOUNDARY: NotRequired[str]
    LS_BANDING: NotRequired[str]
    CONTROL_LEVELS: NotRequired[Mapping[str, str]]


# The API's bearer-token authenticator (a ninja HttpBearer), also accepted for file downloads.
ANJIAN_BEARER_AUTH = "anjian.accounts.auth.BEARER"

# anjian's own settings. Defaults follow security.md and can be changed by the administrators.
ANJIAN: AnjianSettings = {
    "UPLOAD_MAX_BYTES": env_int("ANJIAN_UPLOAD_MAX_BYTES", 20 * 1024 * 1024),
    # Data rows one spreadsheet import may hold; a larger file is refused before any check.
    "IMPORT_MAX_ROWS": env_int("ANJIAN_IMPORT_MAX_ROWS", 50_000),
    "IMAGE_MAX_PIXELS": env_int("ANJIAN_IMAGE_MAX_PIXELS", 40_000_000),
    "IMAGE_MAX_SIDE": 4096,  # re-encoded images are scaled to fit
    "API_TOKEN_HOURS": env_int("ANJIAN_API_TOKEN_HOURS", 12),
    "AUDIT_SEAL_GRACE_SECONDS": 60,
    "TICK_LOCK_SECONDS": 300,
    # Field encryption keys (Fernet, comma-separated; the first encrypts). Required in production.
    "FIELD_KEYS": env_list("ANJIAN_FIELD_KEYS", []),
    "FIELD_CIPHER": "anjian.core.crypto.default_cipher",
    # The audit chain's MAC key (at least 32 characters), kept outside the database so that the
    # database's own roles cannot forge a sealed event. Required in production.
    "AUDIT_KEY": env_str("ANJIAN_AUDIT_KEY", ""),
    "AUDIT_MAC": "anjian.core.crypto.default_audit_mac",
    # Online monitoring: readings stamped further ahead than this are refused; raw readings are
    # kept this many days (minute rollups 90 days, hour rollups for good).
    "READING_FUTURE_SECONDS": 300,
    "READING_RETENTION_DAYS": env_int("ANJIAN_READING_RETENTION_DAYS", 30),
    "READING_BATCH_MAX": 5000,
    # Map tiles: a URL template such as "https://tiles.example.org/{z}/{x}/{y}.png"; empty = no
    # tiles (the region and grid boundaries drawn as the base map, e.g. on a closed network).
    "MAP_TILE_URL": env_str("ANJIAN_MAP_TILE_URL", ""),
    "MAP_TILE_ATTRIBUTION": env_str("ANJIAN_MAP_TILE_ATTRIBUTION", ""),
    # The letters or digits that replace {s} in the tile URL ("01234567" for 天地图).
    "MAP_TILE_SUBDOMAINS": env_str("ANJIAN_MAP_TILE_SUBDOMAINS", "abc"),
    # Number of reverse proxies (nginx) in front of the app whose X-Forwarded-For is trusted.
    "TRUSTED_PROXY_COUNT": env_int("ANJIAN_TRUSTED_PROXY_COUNT", 0),
    # Virus scan of every upload by a ClamAV daemon: "unix:///run/clamav/clamd.ctl" or
    # "tcp://127.0.0.1:3310"; empty = no scan. When set and the daemon is down, uploads wait.
    "CLAMD": env_str("ANJIAN_CLAMD", ""),
}

if ANJIAN["MAP_TILE_URL"]:  # the tile server must be allowed to serve images ('self' already is)
    from urllib.parse import urlsplit

    for _sub in sorted(set(ANJIAN["MAP_TILE_SUBDOMAINS"] or "a")):
        _tiles = urlsplit(ANJIAN["MAP_TILE_URL"].replace("{s}", _sub))
        _source = f"{_tiles.scheme}://{_tiles.netloc}"
        if _tiles.netloc and _source not in CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]:
            CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_source)
