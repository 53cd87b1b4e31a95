"""Middleware: the admin's door, the security policy header, and a measuring aid.

`AdminDoorMiddleware` (always on): the Wagtail admin is for trainers. A logged-in
participant who opens `/admin/` or a report gets a page that says so (403), instead of
Wagtail's redirect to the login, which sends a logged-in visitor straight back (a
loop until the browser gives up). Content that participants' records hang on and
that could not be deleted (the models PROTECT them, courses/dependent_records.py)
gets a message in the admin, not a server error; and Wagtail's bulk actions get a 404
for ids that cannot be ids (?id=abc, ?id=99999999999999999999: a 500 before).

`QueryCountHeaderMiddleware`, for measuring: the number of SQL queries a request made,
as a header. Only installed when ACADEMY_QUERY_COUNT_HEADER=1 (`make bench` sets it);
never needed in production. The count covers the whole request, middleware included.
"""

from dataclasses import asdict

from csp import middleware as csp_middleware
from csp import utils as csp_utils
from csp.constants import HEADER as CSP_HEADER
from csp.constants import HEADER_REPORT_ONLY as CSP_HEADER_RO
from csp.middleware import CheckableLazyObject
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connections
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from wagtail.admin import messages

from .base.ids import valid_id

ADMIN = "/admin/"
# Open to everyone: the admin's login is allauth's (it sends a logged-in visitor on).
ADMIN_OPEN = ("/admin/login/", "/admin/logout/")
# Wagtail's bulk actions (delete, publish, move ... several pages, images, quizzes)
# take their objects as ?id=1&id=2 (or ?id=all&childOf=<page>).
BULK = "/admin/bulk/"


def in_admin(request):
    return request.path_info.startswith(ADMIN)


class AdminDoorMiddleware:
    """Last in MIDDLEWARE: the site is known (SiteMiddleware) when the page renders."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not in_admin(request) or request.path_info.startswith(ADMIN_OPEN):
            return None
        user = request.user
        if user.is_authenticated and not user.has_perm("wagtailadmin.access_admin"):
            from .views import no_admin_access

            return no_admin_access(request)
        if request.path_info.startswith(BULK) and not bulk_ids_are_ids(request):
            raise Http404  # Wagtail would hand them to the database: a 500
        return None

    def process_exception(self, request, exception):
        if request.path_info.startswith(BULK) and isinstance(
            exception, ObjectDoesNotExist
        ):
            raise Http404 from exception  # ?childOf= a page that is not there
        if not isinstance(exception, ProtectedError | RestrictedError):
            return None
        if not in_admin(request):
            return None
        from courses.dependent_records import UNPUBLISH_INSTEAD

        messages.error(
            request,
            " ".join(
                (
                    _("It was not deleted: participants have records on it."),
                    str(UNPUBLISH_INSTEAD),
                )
            ),
        )
        back = request.headers.get("referer", "")
        if url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(back)
        return redirect("wagtailadmin_home")


def bulk_ids_are_ids(request):
    ids = request.GET.getlist("id")
    if any(value != "all" and valid_id(value) is None for value in ids):
        return False
    child_of = request.GET.get("childOf")
    return child_of is None or valid_id(child_of) is not None


class QueryCountHeaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
            if getattr(response, "streaming", False):
                return response
        response["X-Query-Count"] = str(count)
        return response


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware, with the policy built once per process.

    django-csp builds the Content-Security-Policy header anew for every response
    (twice: enforced and report-only), a tenth of a cheap request's time (issue 16).
    Our policy comes from the settings alone, so for a response without per-view
    changes (csp_update, csp_replace, csp decorators) and without a nonce, the
    header is the same every time: built once and reused. Anything else goes through
    django-csp as it is."""

    _plain = None  # (enforced header, report-only header), from the settings

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _PER_VIEW)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        plain = CSPMiddleware._plain
        if plain is None:
            parts = self.get_policy_parts(request=request, response=response)
            plain = CSPMiddleware._plain = (
                csp_utils.build_policy(**asdict(parts)),
                csp_utils.build_policy(**asdict(parts), report_only=True),
            )
        for header, value, exempt, setting in (
            (CSP_HEADER, plain[0], "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (
                CSP_HEADER_RO,
                plain[1],
                "_csp_exempt_ro",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            ),
        ):
            if not value or header in response or getattr(response, exempt, False):
                continue
            prefixes = (getattr(settings, setting, None) or {}).get(
                "EXCLUDE_URL_PREFIXES"
            ) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


_PER_VIEW = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


def forget_csp_policy(setting, **kwargs):
    """The policy settings changed (tests): build the header again."""
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        CSPMiddleware._plain = None
