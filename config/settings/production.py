"""Production: every secret from the environment, HTTPS only, no DEBUG."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import ALLOWED_HOSTS, ANJIAN, DEFAULT_DATABASE_URL, SECRET_KEY
from .env import database, env_bool, env_int, env_list

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("生产环境不得开启 DEBUG。")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("生产环境必须设置至少 50 个字符的 SECRET_KEY。")
if not ANJIAN["FIELD_KEYS"]:
    raise ImproperlyConfigured("生产环境必须设置字段加密密钥 ANJIAN_FIELD_KEYS。")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("生产环境必须设置 ALLOWED_HOSTS。")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# On SQLite, an acknowledged write must survive a power cut too, not only a crash of the app.
DATABASES = {"default": database(DEFAULT_DATABASE_URL, sqlite_synchronous="FULL")}
