"""Development settings: what `make run` uses. Never use these in production."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production"
)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

# Emails (sign-up confirmations, password resets) are printed to the console.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Static files are served from the apps by runserver; no collectstatic needed.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
