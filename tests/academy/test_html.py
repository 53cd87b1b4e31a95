"""The account pages' markup is valid where browsers and the W3C checker look first.

A <p> holds phrasing content only: a list inside it is closed off by the browser
(the W3C Nu checker reports it), so a help text that is a list (the password rules)
must stand in a block container. A structural check with html.parser.
"""

from html.parser import HTMLParser

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# Elements that may hold only phrasing content, and block elements that end up
# misplaced inside them.
PHRASING_ONLY = {"p", "span", "label", "button", "a", "strong", "em"}
BLOCKS = {"ul", "ol", "li", "div", "p", "table", "form", "section", "h1", "h2", "h3"}
VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr", "area", "col"}


class NestingCheck(HTMLParser):
    """Records each block element that opens inside a phrasing-only element."""

    def __init__(self):
        super().__init__()
        self.open = []
        self.misplaced = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        inside = [t for t in self.open if t in PHRASING_ONLY]
        if tag in BLOCKS and inside:
            self.misplaced.append(f"<{tag}> inside <{inside[-1]}>")
        self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass


def misplaced_blocks(html):
    check = NestingCheck()
    check.feed(html)
    return check.misplaced


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/accounts/signup/", None),
        ("/accounts/signup/", {"email": "no", "password1": "a", "password2": "b"}),
        ("/accounts/password/change/", None),
        (
            "/accounts/password/change/",
            {"oldpassword": "wrong", "password1": "a", "password2": "b"},
        ),
        ("/accounts/login/", None),
        ("/accounts/password/reset/", None),
    ],
)
def test_no_list_inside_a_paragraph_on_account_pages(client, participant, url, data):
    if "change" in url:
        client.force_login(participant)
    response = client.post(url, data) if data else client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert misplaced_blocks(html) == [], url
    if "password1" in html:  # the password rules are shown, as a list
        assert "<li>" in html.split('id="id_password1_helptext"')[1][:400]


def test_the_check_finds_a_list_in_a_paragraph():
    assert misplaced_blocks("<p>Rules: <span><ul><li>x</li></ul></span></p>") == [
        "<ul> inside <span>",
        "<li> inside <span>",
    ]
    assert misplaced_blocks("<div><p>Fine</p><ul><li>x</li></ul></div>") == []


def test_signing_up_still_works(client):
    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "Nieuwe Deelnemer",
            "email": "nieuw@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302


def test_a_too_short_password_is_explained_in_dutch(client):
    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "Sanne",
            "email": "kort@example.com",
            "password1": "kort",
            "password2": "kort",
        },
    )
    html = response.content.decode()
    assert "This password is too short" not in html
    assert "Dit wachtwoord is te kort. Het moet minstens 8 tekens bevatten." in html
