"""Middleware: the admin's door, and a measuring aid.

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
