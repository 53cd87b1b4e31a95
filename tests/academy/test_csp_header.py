"""The Content-Security-Policy header, built once (academy.middleware.CSPMiddleware),
is exactly django-csp's, and per-view changes still go through django-csp."""

import pytest
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from academy.middleware import CSPMiddleware


def run(middleware_class, path="/", prepare=None):
    def view(request):
        response = HttpResponse("ok")
        if prepare:
            prepare(response)
        return response

    middleware = middleware_class(view)
    request = RequestFactory().get(path)
    return middleware(request)


@pytest.mark.parametrize("path", ["/", "/admin/pages/"])
def test_the_same_header_as_django_csp(path):
    ours, theirs = run(CSPMiddleware, path), run(DjangoCSPMiddleware, path)
    assert ours.get("Content-Security-Policy") == theirs.get("Content-Security-Policy")
    assert ("Content-Security-Policy" in ours) == (path == "/")  # admin excluded
    assert "frame-ancestors 'none'" in run(CSPMiddleware)["Content-Security-Policy"]


def test_a_per_view_change_is_kept():
    def allow_example(response):
        response._csp_update = {"img-src": ["https://img.example.com"]}

    header = run(CSPMiddleware, prepare=allow_example)["Content-Security-Policy"]
    assert "https://img.example.com" in header
    assert (
        "https://img.example.com" not in run(CSPMiddleware)["Content-Security-Policy"]
    )


def test_a_changed_setting_is_used():
    assert "report-only" not in str(run(CSPMiddleware).headers).lower()
    policy = {"DIRECTIVES": {"default-src": ["'none'"]}}
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=policy):
        response = run(CSPMiddleware)
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'none'"
    assert "Content-Security-Policy-Report-Only" not in run(CSPMiddleware)
