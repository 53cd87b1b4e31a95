"""Production settings: everything secret or site-specific comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL), WAGTAILADMIN_BASE_URL,
and the credentials' signing key: CREDENTIAL_SIGNING_KEY or CREDENTIAL_SIGNING_KEY_FILE
(optional: CREDENTIAL_RETIRED_KEYS_FILE, the public keys that signed before).
Optional: REDIS_URL (shared cache and sessions; the database cache otherwise),
AWS_STORAGE_BUCKET_NAME and friends (media on S3-compatible storage), EMAIL_*
settings, CSRF_TRUSTED_ORIGINS, SECURE_HSTS_SECONDS, SECURE_SSL_REDIRECT, LOG_FORMAT,
DATABASE_REPLICA_URL (a PostgreSQL replica for the trainers' reports, base.py).
See README.md, "Running in production", for the whole table.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list, media_storage

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Set the SECRET_KEY environment variable: production will not start without it."
    )

for required in ("DATABASE_URL", "WAGTAILADMIN_BASE_URL", "ALLOWED_HOSTS"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"Set the {required} environment variable.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# The credentials' signing key is given, never made here; it is loaded at start, so a
# missing or unreadable key stops the site with a clear error (certificates/keys.py).
CREDENTIAL_KEY_DIR = None
CREDENTIAL_KEYS_AT_START = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# A cache shared by every process and server: cached pages and fragments, allauth's
# rate limits and the session cache live in it. Redis when REDIS_URL is set (a Redis
# outage degrades to "no cache" instead of errors: academy/cache.py), the database
# otherwise (run `manage.py createcachetable` once).
if os.environ.get("REDIS_URL"):
    REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
    SHARED_CACHE = {
        "BACKEND": "academy.cache.ResilientRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "OPTIONS": {
            "socket_connect_timeout": REDIS_TIMEOUT,
            "socket_timeout": REDIS_TIMEOUT,
        },
    }
else:
    SHARED_CACHE = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "academy_cache",
    }
CACHES = {
    "default": {**SHARED_CACHE, "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "")},
    "renditions": {**SHARED_CACHE, "KEY_PREFIX": "renditions", "TIMEOUT": 86400},
}

# Media: the file system (MEDIA_ROOT) by default, S3-compatible storage when
# AWS_STORAGE_BUCKET_NAME is set. Static files: whitenoise (see base.py).
STORAGES = {**STORAGES, "default": media_storage(os.environ)}  # noqa: F405

# Structured logs: one JSON object per line on stdout (LOG_FORMAT=text for humans).
if os.environ.get("LOG_FORMAT", "json") == "json":
    LOGGING = {
        **LOGGING,  # noqa: F405
        "formatters": {"json": {"()": "academy.log.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json"}
        },
    }

# HTTPS. Behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview sets SAMEORIGIN on its own views

# Email: SMTP configured from the environment.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
# The file backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend)
# writes each email to a file in this folder: for a staging site, or a test.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

# Participants confirm their email address before they can log in.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Never create demo accounts in production.
ACADEMY_DEMO_ALLOWED = False
