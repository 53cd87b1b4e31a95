"""axe-core on every page a participant sees: no serious or critical violation.

axe runs in Chromium on the live pages, with the site's Content Security Policy in
force (Playwright injects it through the DevTools protocol, which the CSP does not
govern), on a desktop screen and on a phone: the public, participant, account, quiz
and certificate pages, the tips practice, the live sessions (the trainer's attendance
page and the check-in too) and the trainers' reports. Needs axe-core:
`make browser-tools`.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from academy.users.models import User
from certificates.models import Certificate
from courses import participation
from courses.models import ModulePage
from courses.tips import source_tips
from live_sessions import registration as sessions
from live_sessions.models import WorkshopSession
from practice import logic as practice
from quizzes.models import Quiz

from .conftest import DESKTOP, PHONE, path_of
from .helpers import LINKEDIN_MODULES, answer_quiz, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARTICIPANT = "participant@example.com"
TRAINER = "trainer@example.com"
SIZES = {"desktop": DESKTOP, "phone": PHONE}
X_MODULE = "/workshops/twitter-x/x-in-2026/"

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
        participation.record_completion(
            user, ModulePage.objects.get(locale__language_code="nl", slug=slug)
        )
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


@pytest.mark.parametrize("size", SIZES)
def test_public_pages(demo, new_context, axe, size):
    page = new_context(SIZES[size]).new_page()
    for label, url in PUBLIC_PAGES:
        response = page.goto(url)
        assert response.status == (404 if label == "page not found" else 200), url
        axe.check(page, label)
    assert len(axe.checked) == len(PUBLIC_PAGES)
    axe.assert_clean()


@pytest.mark.parametrize("size", SIZES)
def test_participant_pages(sanne, new_context, axe, size):
    page = new_context(SIZES[size]).new_page()
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
        ("module with downloads", "/workshops/linkedin/linkedin-als-licht-crm/"),
    ]:
        assert page.goto(url).ok, url
        axe.check(page, f"{label} ({path_of(page)})")
    assert page.goto("/trainershandleiding/").status == 403
    axe.check(page, "trainer's guide, refused to a participant")

    # What an employer sees: the verification page, valid and revoked.
    employer = new_context(SIZES[size]).new_page()
    employer.goto(f"/certificates/{certificate.code}/")
    axe.check(employer, "verification, valid")
    Certificate.objects.filter(pk=certificate.pk).update(is_revoked=True)
    employer.reload()
    axe.check(employer, "verification, revoked")
    employer.goto("/certificates/unknown-code/")
    axe.check(employer, "verification, unknown code")
    assert len(axe.checked) == 24
    axe.assert_clean()


@pytest.mark.parametrize("size", SIZES)
def test_practice_pages(sanne, new_context, axe, size):
    """The self-assessment, the plan and the weekly check-in, and what follows."""
    page = new_context(SIZES[size]).new_page()
    log_in(page, PARTICIPANT, next_url="/practice/assessment/")
    axe.check(page, "self-assessment")
    page.locator(".form__actions button[type=submit]").click()
    page.wait_for_load_state()
    axe.check(page, "self-assessment with errors (nothing rated)")
    tips = list(source_tips())
    practice.save_assessment(sanne, {t.pk: (2, "") for t in tips}, timezone.now())
    page.goto("/practice/plan/")
    axe.check(page, "plan")
    page.locator(".form__actions button[type=submit]").click()
    page.wait_for_load_state()
    axe.check(page, "plan with errors (no tip chosen)")
    practice.save_plan(sanne, {tips[0].pk: "Elke week", tips[1].pk: "Ook"})
    page.goto("/practice/check-in/")
    axe.check(page, "check-in")
    page.goto("/dashboard/")
    axe.check(page, "dashboard with the plan and reminders")
    page.goto(f"/practice/unsubscribe/{practice.unsubscribe_token(sanne)}/")
    axe.check(page, "unsubscribe from reminders")
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_load_state()
    axe.check(page, "unsubscribed, can turn reminders on again")
    assert len(axe.checked) == 8
    axe.assert_clean()


@pytest.mark.parametrize("size", SIZES)
def test_live_session_pages(sanne, new_context, axe, size):
    """A participant registered for a session, the trainer's attendance page with its
    QR code, and checking in from the room."""
    session = WorkshopSession.objects.filter(page__slug="linkedin").first()
    sessions.register(sanne, session)
    page = new_context(SIZES[size]).new_page()
    log_in(page, PARTICIPANT, next_url="/workshops/linkedin/")
    axe.check(page, "workshop with sessions, registered")

    trainer = new_context(SIZES[size]).new_page()
    log_in(trainer, TRAINER, next_url=f"/sessions/{session.pk}/attendance/")
    axe.check(trainer, "attendance (trainer)")
    trainer.goto("/workshops/linkedin/")
    axe.check(trainer, "workshop with sessions (trainer)")
    assert trainer.goto("/trainershandleiding/").ok
    axe.check(trainer, "trainer's guide")

    now = timezone.now()
    WorkshopSession.objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=2)
    )
    session.refresh_from_db()
    token = sessions.check_in_token(session)
    page.goto(f"/sessions/{session.pk}/check-in/?token={token}")
    axe.check(page, "check-in")
    page.get_by_role("button", name="Ik ben er").click()
    page.wait_for_load_state()
    axe.check(page, f"after checking in ({path_of(page)})")
    page.goto(f"/sessions/{session.pk}/check-in/?token=wrong")
    page.get_by_role("button", name="Ik ben er").click()
    page.wait_for_load_state()
    axe.check(page, "check-in with a wrong code")
    assert len(axe.checked) == 7
    axe.assert_clean()


@pytest.mark.parametrize("size", SIZES)
def test_trainer_report_pages(sanne, new_context, axe, size):
    """The reports in the admin: progress (sorted both ways), one participant, the
    sessions and one session, the quiz statistics and one quiz, the tips practice."""
    session = WorkshopSession.objects.filter(page__slug="linkedin").first()
    sessions.register(sanne, session)
    quiz = Quiz.objects.order_by("pk").first()
    trainer = new_context(SIZES[size]).new_page()
    log_in(trainer, TRAINER, next_url="/admin/reports/participant-progress/")
    # Without the "logged in" message, which fades in (axe would measure the
    # contrast of a colour halfway).
    trainer.reload()
    axe.check(trainer, "progress report")
    for label, url in [
        ("progress report, by percentage", "?sort=percent"),
        ("progress report, by percentage descending", "?sort=-percent"),
        ("participant", f"/admin/reports/participants/{sanne.pk}/"),
        ("sessions report", "/admin/reports/sessions/"),
        ("one session", f"/admin/reports/sessions/{session.pk}/"),
        ("quiz statistics", "/admin/reports/quiz-statistics/"),
        ("one quiz's statistics", f"/admin/reports/quiz-statistics/{quiz.pk}/"),
        ("tips practice report", "/admin/reports/tips-practice/"),
    ]:
        if url.startswith("?"):
            url = "/admin/reports/participant-progress/" + url
        assert trainer.goto(url).ok, url
        axe.check(trainer, label)
    assert len(axe.checked) == 9
    axe.assert_clean()
