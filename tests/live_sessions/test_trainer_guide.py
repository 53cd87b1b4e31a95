"""The trainer's guide for the live sessions (issue 19): for trainers only, with
timetables for a half and a full day, the profile makeover, role plays and what to
discuss from the quiz statistics."""

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from academy.base.serving import CACHE_HEADER
from live_sessions.models import TrainerGuidePage
from tests.factories import make_user

GUIDE = json.loads(
    (Path(settings.BASE_DIR) / "fixtures" / "demo_trainer_guide.json").read_text(
        "utf-8"
    )
)


def timetables():
    return [b["value"] for b in GUIDE["body"] if b["type"] == "timetable"]


def test_each_timetable_adds_up_from_its_start_to_its_end():
    for table in timetables():
        start, end = re.findall(r"(\d\d)\.(\d\d)", table["title"])
        clock = datetime(2026, 1, 1, int(start[0]), int(start[1]))
        for row in table["rows"]:
            assert row["time"] == f"{clock:%H.%M}", (table["title"], row)
            clock += timedelta(minutes=row["minutes"])
        assert f"{clock:%H.%M}" == f"{end[0]}.{end[1]}", table["title"]


def test_there_is_a_half_day_and_a_full_day():
    lengths = sorted(sum(r["minutes"] for r in t["rows"]) for t in timetables())
    assert lengths[0] == 210  # 3.5 hours
    assert lengths[-1] >= 6 * 60  # a full training day, breaks included


def test_the_guide_has_the_makeover_role_plays_and_the_quiz_statistics():
    text = json.dumps(GUIDE, ensure_ascii=False)
    exercises = [b["value"]["title"] for b in GUIDE["body"] if b["type"] == "exercise"]
    assert "Profielmake-over in tweetallen" in exercises
    assert len(exercises) >= 4  # the makeover and at least three role plays
    assert "Profielwijzigingen delen" in text  # switched off before the makeover
    assert "Quizstatistieken" in text and "Zeker en toch fout" in text
    assert "Onthouden" in text  # the remembering report after a week and a month


@pytest.fixture
def guide(demo):
    return TrainerGuidePage.objects.live().get(locale__language_code="nl")


def test_anonymous_visitors_are_sent_to_the_login_every_time(client, guide):
    for _ in range(2):
        response = client.get(guide.url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        assert CACHE_HEADER not in response


def test_a_participant_gets_a_clear_403(client, guide):
    client.force_login(make_user("deelnemer@example.com"))
    response = client.get(guide.url)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Alleen voor trainers" in page
    assert "Halve dag" not in page and "rollenspel" not in page.lower()


def test_a_trainer_reads_it_and_it_is_never_kept_for_anyone_else(client, guide):
    trainer = make_user("coach@example.com")
    trainer.groups.add(Group.objects.get(name="Trainers"))
    client.force_login(trainer)
    response = client.get(guide.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Halve dag LinkedIn, 09.00 tot 12.30 uur" in page
    assert "<caption>Hele dag LinkedIn en X, 09.00 tot 16.30 uur</caption>" in page
    assert "Profielmake-over in tweetallen" in page
    assert "private" in response["Cache-Control"]
    client.logout()
    assert client.get(guide.url).status_code == 302


def test_an_administrator_reads_it_too(client, guide, admin_user):
    client.force_login(admin_user)
    assert client.get(guide.url).status_code == 200


def test_a_login_only_privacy_setting_still_refuses_participants(client, guide):
    # Privacy in the admin says nothing either way: the page itself decides.
    PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.LOGIN
    )
    client.force_login(make_user("deelnemer@example.com"))
    assert client.get(guide.url).status_code == 403


def test_not_in_the_sitemap_the_search_or_the_menu(client, guide):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/workshops/" in sitemap and guide.url not in sitemap
    client.force_login(make_user("deelnemer@example.com"))
    found = client.get("/search/", {"q": "rollenspel"}).content.decode()
    assert guide.url not in found
    home = client.get("/").content.decode()
    assert guide.url not in home
    # Not even when someone ticks "show in menus" for it.
    guide.show_in_menus = True
    guide.save_revision().publish()
    guide.refresh_from_db()
    assert guide.show_in_menus is False
    client.logout()
    assert guide.url not in client.get("/").content.decode()


def test_editors_who_are_not_trainers_cannot_read_it_in_the_admin(client, guide):
    """Wagtail's own Editors group may edit every page of the tree: not this one."""
    editor = make_user("editor@example.com")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    home = guide.get_parent()
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    listing = client.get(f"/admin/pages/{home.pk}/").content.decode()
    assert "Tien gouden tips" in listing and guide.title not in listing
    for url in (
        f"/admin/pages/{guide.pk}/edit/",
        f"/admin/pages/{guide.pk}/view_draft/",
        f"/admin/pages/{guide.pk}/history/",
        f"/admin/pages/{guide.pk}/revisions/{guide.latest_revision_id}/view/",
        f"/admin/pages/{guide.pk}/copy/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "Profielmake-over" not in response.content.decode(), url
    trainer = make_user("coach@example.com")
    trainer.groups.add(Group.objects.get(name="Trainers"))
    client.force_login(trainer)
    assert client.get(f"/admin/pages/{guide.pk}/edit/").status_code == 200
    assert guide.title in client.get(f"/admin/pages/{home.pk}/").content.decode()


def test_the_admin_menu_leads_trainers_to_the_guide(client, guide):
    participant = make_user("deelnemer@example.com")
    trainer = make_user("coach@example.com")
    trainer.groups.add(Group.objects.get(name="Trainers"))
    client.force_login(trainer)
    admin = client.get("/admin/").content.decode()
    assert "Trainershandleiding" in admin
    response = client.get("/admin/trainer-guide/")
    assert response.status_code == 302 and response["Location"] == guide.url
    client.force_login(participant)
    assert client.get("/admin/trainer-guide/").status_code == 403  # no admin access


def test_without_a_guide_the_admin_says_how_to_make_one(client, trainer_client):
    response = trainer_client.get("/admin/trainer-guide/", follow=True)
    assert response.status_code == 200
    assert "Er is nog geen trainershandleiding" in response.content.decode()
