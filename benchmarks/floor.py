"""The physical floor of `make bench`: the cheapest Django response there is.

One URL returning HttpResponse("ok"): no middleware, no database, no installed
apps, no templates, no sessions, no translations. benchmarks/load.py serves it with
its own gunicorn (the same gunicorn.conf.py, worker count and class as the site,
without an access log) and reports every page of the site as a share of it: what
the site's own machinery costs above what Django and gunicorn cost anyway.

    gunicorn -c gunicorn.conf.py benchmarks.floor:application
"""

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-benchmark-only",  # noqa: S106 - nothing is signed here
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_I18N=False,
    USE_TZ=True,
    LOGGING_CONFIG=None,
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("", ok)]

application = get_wsgi_application()
