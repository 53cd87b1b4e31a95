"""axe-core on every page a participant sees: no serious or critical violation.

axe runs in Chromium on the live pages, with the site's Content Security Policy in
force (Playwright injects it through the DevTools protocol, which the CSP does not
govern). Needs axe-core: `make browser-tools`.
"""

import pytest

from academy.users.models import User
from certificates.models import Certificate
from courses import participation
from courses.models import ModulePage

from .conftest import path_of
from .helpers import LINKEDIN_MODULES, answer_quiz, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARTICIPANT = "participant@example.com"
X_MODULE = "/workshops/twitter-x/kort-in-beeld/"

PUBLIC_PAGES = [
    ("home", "/"),
    ("workshops", "/workshops/"),
    ("workshop", "/workshops/linkedin/"),
    ("tips", "/tien-gouden-tips/"),
    ("search", "/search/?q=netwerk"),
    ("login", "/accounts/login/"),
    ("signup", "/accounts/signup/"),
    ("password reset", "/accounts/password/reset/"),
    ("home in English", "/en/"),
    ("page not found", "/bestaat-niet/"),
]


@pytest.fixture
def sanne(demo):
    """The demo participant: LinkedIn finished (certificate), Twitter/X started."""
    user = User.objects.get(email=PARTICIPANT)
    for slug in LINKEDIN_MODULES:
        participation.record_completion(user, ModulePage.objects.get(slug=slug))
    return user


def test_axe_reports_what_it_should(page, axe):
    """A guard for the harness: a page with known faults does not pass."""
    page.set_content(
        '<html><body><main><img src="x.png"><input type="text">'
        '<p style="color:#ccc;background:#fff">faint</p></main></body></html>'
    )
    found = {v["id"]: v["impact"] for v in axe.check(page, "faulty page")}
    assert found["image-alt"] == "critical"
    assert found["label"] == "critical"
    assert found["color-contrast"] == "serious"
    with pytest.raises(AssertionError, match="image-alt"):
        axe.assert_clean()


def test_public_pages(demo, page, axe):
    for label, url in PUBLIC_PAGES:
        response = page.goto(url)
        assert response.status == (404 if label == "page not found" else 200), url
        axe.check(page, label)
    assert len(axe.checked) == len(PUBLIC_PAGES)
    axe.assert_clean()


def test_participant_pages(sanne, new_context, axe):
    page = new_context().new_page()
    certificate = Certificate.objects.get(user=sanne)
    log_in(page, PARTICIPANT)
    axe.check(page, "dashboard")

    page.goto("/workshops/twitter-x/")
    page.get_by_role("button", name="Workshop starten").click()
    page.wait_for_url(f"**{X_MODULE}")
    axe.check(page, "module")
    page.get_by_role("link", name="Doe de quiz").click()
    axe.check(page, "quiz")
    page.get_by_role("button", name="Lever mijn antwoorden in").click()
    page.wait_for_load_state()
    axe.check(page, "quiz with errors (nothing answered)")
    answer_quiz(page, right=False)
    axe.check(page, "quiz result with feedback")
    page.get_by_role("link", name="Je pogingen").first.click()
    axe.check(page, "quiz attempts")

    for label, url in [
        ("workshop, started", "/workshops/twitter-x/"),
        ("workshop, finished", "/workshops/linkedin/"),
        ("dashboard with progress", "/dashboard/"),
        ("tips, logged in", "/tien-gouden-tips/"),
        ("tips self-assessment", "/practice/assessment/"),
        ("certificate (owner)", f"/certificates/{certificate.code}/"),
        ("profile", "/accounts/profile/"),
        ("email address", "/accounts/email/"),
        ("password change", "/accounts/password/change/"),
        ("LinkedIn and X connections", "/accounts/3rdparty/"),
        ("delete account", "/accounts/delete/"),
        ("log out", "/accounts/logout/"),
        ("module in English", "/en" + X_MODULE),
    ]:
        assert page.goto(url).ok, url
        axe.check(page, f"{label} ({path_of(page)})")

    # What an employer sees: the verification page, valid and revoked.
    employer = new_context().new_page()
    employer.goto(f"/certificates/{certificate.code}/")
    axe.check(employer, "verification, valid")
    Certificate.objects.filter(pk=certificate.pk).update(is_revoked=True)
    employer.reload()
    axe.check(employer, "verification, revoked")
    employer.goto("/certificates/unknown-code/")
    axe.check(employer, "verification, unknown code")
    assert len(axe.checked) == 22
    axe.assert_clean()
