"""Settings shared by every environment.

Environment-specific files (dev, test, production) import everything from here and
override what differs. Nothing secret or site-specific is hard-coded here.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    """Read a yes/no environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list without empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


INSTALLED_APPS = [
    # Our apps first, so their templates and translations win.
    "academy",
    "academy.users",
    "academy.base",
    "courses",
    "quizzes",
    "certificates",
    "live_sessions",
    "practice",
    "boosters",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "academy.users.apps.AcademyWagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.twitter_oauth2",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content and seats versions for the caches, read once per request.
    "academy.base.caching.VersionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the user's row from the cache (academy/users/middleware.py).
    "academy.users.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the (constant) header built once (academy/middleware.py).
    "academy.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Public pages for anonymous visitors from the cache (only for paths that can be
    # pages), and the Wagtail site from the cache (academy/base/serving.py). Last, so
    # a cached page skips only the URL resolver and the view.
    "academy.base.serving.AnonymousPageCacheMiddleware",
    "academy.base.serving.SiteMiddleware",
    # The admin is for trainers: a participant gets a "no access" page, not a
    # redirect loop through the login (academy/middleware.py).
    "academy.middleware.AdminDoorMiddleware",
]
if env_bool("ACADEMY_QUERY_COUNT_HEADER"):  # `make bench` only: X-Query-Count
    MIDDLEWARE.insert(0, "academy.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "academy.urls"
WSGI_APPLICATION = "academy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "academy.context_processors.content_language",
            ],
        },
    },
]

# SQLite unless DATABASE_URL says otherwise (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write transactions take the lock when they begin, so two requests cannot both
    # read "one seat left" and both take it; wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
# A PostgreSQL replica for the trainers' reports and exports (academy/base/replica.py);
# without it everything reads the one database. Tests use `default` in its place.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["academy.base.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Internationalisation: Dutch at the plain URLs, English under /en/.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The course content is written in Dutch (the source) and translated to English
# with wagtail-localize; records (progress, attempts, certificates) belong to the
# Dutch source of a page or quiz, so a participant keeps them in both languages.
ACADEMY_CONTENT_LANGUAGE = "nl"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))


def media_storage(environ):
    """Where uploaded images and documents go: S3-compatible storage when
    AWS_STORAGE_BUCKET_NAME is set (credentials from the usual AWS_* variables or the
    machine's role), the file system under MEDIA_ROOT otherwise."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "location": environ.get("AWS_LOCATION", "media"),
        "file_overwrite": False,
        "default_acl": None,
        # Private bucket: links to files are signed and expire (an hour).
        "querystring_auth": not env_bool("AWS_QUERYSTRING_AUTH_OFF"),
        "querystring_expire": 3600,
    }
    for option, name in [
        ("region_name", "AWS_S3_REGION_NAME"),
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),  # MinIO, Scaleway, Hetzner, ...
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),  # a CDN in front of the bucket
    ]:
        if environ.get(name):
            options[option] = environ[name]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": media_storage({}),
    # Hashed file names, compressed copies; whitenoise serves them with a one-year
    # max-age ("immutable"), so browsers and CDNs fetch each version once.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 60 * 60  # files without a hash in their name (favicon, robots)

# Page editors can have many fields; Wagtail's own recommendation.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "academy",
    },
    # Wagtail looks image renditions up here before asking the database.
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "academy-renditions",
        "TIMEOUT": 60 * 60 * 24,
    },
}

# Sessions are read from the cache and kept in the database, so they survive a
# restart or an outage of the cache (Redis in production) and every app server
# shares them.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Accounts: django-allauth with email as the login.
# https://docs.allauth.org/en/latest/account/configuration.html
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Adds the full name (printed on certificates) to the sign-up form.
ACCOUNT_SIGNUP_FORM_CLASS = "academy.users.forms.SignupForm"
# "optional" lets a new user try the site at once; production sets "mandatory".
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True  # one address per account; changing it is verified
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "academy.users.adapters.AccountAdapter"
# Rate limits: allauth's defaults (login failures, sign-ups, resets) stay on. They are
# counted in the default cache, which production shares between processes. Behind a
# reverse proxy, set TRUSTED_PROXY_COUNT (usually 1) so the limits count each
# client's address (from X-Forwarded-For), not the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
SOCIALACCOUNT_ADAPTER = "academy.users.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never merge accounts on an email claim
SOCIALACCOUNT_STORE_TOKENS = False


def social_apps():
    """Social login apps, only for providers whose client id and secret are set."""
    providers = {}
    if os.environ.get("LINKEDIN_CLIENT_ID") and os.environ.get(
        "LINKEDIN_CLIENT_SECRET"
    ):
        providers["openid_connect"] = {
            "APPS": [
                {
                    "provider_id": "linkedin",
                    "name": "LinkedIn",
                    "client_id": os.environ["LINKEDIN_CLIENT_ID"],
                    "secret": os.environ["LINKEDIN_CLIENT_SECRET"],
                    "settings": {
                        "server_url": "https://www.linkedin.com/oauth",
                        "scope": ["openid", "profile", "email"],
                        "token_auth_method": "client_secret_post",
                    },
                }
            ]
        }
    if os.environ.get("X_CLIENT_ID") and os.environ.get("X_CLIENT_SECRET"):
        providers["twitter_oauth2"] = {
            "APPS": [
                {
                    "name": "X",
                    "client_id": os.environ["X_CLIENT_ID"],
                    "secret": os.environ["X_CLIENT_SECRET"],
                }
            ]
        }
    return providers


SOCIALACCOUNT_PROVIDERS = social_apps()

# Signed credentials (certificates/keys.py). Development and tests make a key on
# first use in CREDENTIAL_KEY_DIR (git-ignored); production gives it (production.py).
CREDENTIAL_SIGNING_KEY = os.environ.get("CREDENTIAL_SIGNING_KEY", "")
CREDENTIAL_SIGNING_KEY_FILE = os.environ.get("CREDENTIAL_SIGNING_KEY_FILE", "")
CREDENTIAL_RETIRED_KEYS_FILE = os.environ.get("CREDENTIAL_RETIRED_KEYS_FILE", "")
CREDENTIAL_KEY_DIR = BASE_DIR / "var" / "credential-keys"
# Load the keys when the site starts (a broken key then stops it at once).
CREDENTIAL_KEYS_AT_START = False

# Wagtail
WAGTAIL_SITE_NAME = "Office Manager 2.0 Academy"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The admin signs in through allauth's login page (one login, one rate limit).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
# Responsive embeds come from CSS (aspect-ratio), not inline styles the CSP would block.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# Content Security Policy (django-csp 4). Plain CSS and no inline scripts.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            "https://www.youtube.com",
        ],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

EMAIL_SUBJECT_PREFIX = "[Office Manager 2.0 Academy] "
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Office Manager 2.0 Academy <noreply@example.com>"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per background task run is noise, not information.
        "django_tasks": {"level": "WARNING"},
        "celery": {"level": os.environ.get("CELERY_LOG_LEVEL", "WARNING")},
    },
}

# Background jobs: Celery (academy/celery.py) with Redis as the broker. Without
# CELERY_BROKER_URL (development, tests) every task runs at once, in the process that
# queues it: no worker needed. Periodic jobs run from Celery beat: exactly one per site.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves it for another
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "academy"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BEAT_SCHEDULE = {
    # Every email waiting in the outbox that no worker took (a broker that was away
    # when it was queued): sent once, in the order it was queued.
    "send-waiting-emails": {
        "task": "academy.base.tasks.send_waiting_emails",
        "schedule": 300.0,
    },
    "checkin-reminders": {
        "task": "practice.tasks.send_checkin_reminders",
        "schedule": 3600.0,
    },
    "certificate-reminders": {
        "task": "certificates.tasks.send_certificate_reminders",
        "schedule": 3600.0,
    },
    "booster-emails": {
        "task": "boosters.tasks.send_booster_emails",
        "schedule": 3600.0,
    },
    "purge-sent-emails": {
        "task": "academy.base.tasks.purge_sent_emails",
        "schedule": 86400.0,
    },
    "publish-scheduled": {
        "task": "academy.base.tasks.publish_scheduled",
        "schedule": 60.0,
    },
    "clear-sessions": {
        "task": "academy.base.tasks.clear_sessions",
        "schedule": 86400.0,
    },
}

# Every periodic job this often, in seconds (a test of beat, or a demo); unset in
# production.
if os.environ.get("CELERY_BEAT_EVERY"):
    for _entry in CELERY_BEAT_SCHEDULE.values():
        _entry["schedule"] = float(os.environ["CELERY_BEAT_EVERY"])

# `manage.py load_demo` (demo content and accounts) runs only where this is True.
ACADEMY_DEMO_ALLOWED = True

# Certificates: lookups per client address per period (against guessing codes), and
# the operator's LinkedIn organisation id for "Add to profile" (optional).
CERTIFICATE_LOOKUP_RATE = tuple(
    int(part) for part in os.environ.get("CERTIFICATE_LOOKUP_RATE", "60/60").split("/")
)  # (look-ups, per seconds)
LINKEDIN_ORGANIZATION_ID = os.environ.get("LINKEDIN_ORGANIZATION_ID", "")
