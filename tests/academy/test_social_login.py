"""Log in with LinkedIn (OpenID Connect) and with X (OAuth 2), providers mocked.

Every HTTP call allauth makes goes to the fake below; an unexpected one fails the
test, so no test ever talks to LinkedIn or X.
"""

import json
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from academy.settings.base import social_apps

pytestmark = pytest.mark.django_db

LINKEDIN_DISCOVERY = {
    "issuer": "https://www.linkedin.com/oauth",
    "authorization_endpoint": "https://www.linkedin.com/oauth/v2/authorization",
    "token_endpoint": "https://www.linkedin.com/oauth/v2/accessToken",
    "userinfo_endpoint": "https://api.linkedin.com/v2/userinfo",
    "jwks_uri": "https://www.linkedin.com/oauth/openid/jwks",
    "response_types_supported": ["code"],
    "token_endpoint_auth_methods_supported": ["client_secret_post"],
}
LINKEDIN_USERINFO = {
    "sub": "li-782bbtaQ",
    "name": "Zoë Ørsted",
    "given_name": "Zoë",
    "family_name": "Ørsted",
    "email": "zoe.orsted@example.com",
    "email_verified": True,
    "locale": "nl_NL",
}


class FakeProvider:
    """Answers allauth's HTTP requests from a table of URL -> JSON."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def request(self, session, method, url, *args, **kwargs):
        self.calls.append((method.upper(), url.split("?")[0]))
        key = (method.upper(), url.split("?")[0])
        if key not in self.answers:
            raise AssertionError(f"unexpected HTTP call in a test: {key}")
        response = requests.Response()
        response.status_code = 200
        response._content = json.dumps(self.answers[key]).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = url
        return response


@pytest.fixture
def provider_env(monkeypatch, settings):
    def configure(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        settings.SOCIALACCOUNT_PROVIDERS = social_apps()

    return configure


@pytest.fixture
def fake_http(monkeypatch):
    def install(answers):
        fake = FakeProvider(answers)
        monkeypatch.setattr(
            requests.Session,
            "request",
            lambda session, method, url, *a, **kw: fake.request(
                session, method, url, *a, **kw
            ),
        )
        return fake

    return install


def start_login(client, url):
    """Press the provider's button (a POST) and follow it to the provider."""
    response = client.post(url)
    assert response.status_code == 302, response.content.decode()[:500]
    query = parse_qs(urlparse(response.url).query)
    return response.url, query["state"][0]


def test_no_provider_buttons_without_configuration(client, provider_env):
    provider_env()
    html = client.get("/accounts/login/").content.decode()
    assert "Inloggen met LinkedIn" not in html
    assert "Inloggen met X" not in html
    assert client.post("/accounts/oidc/linkedin/login/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/twitter_oauth2/login/",
        "/accounts/twitter_oauth2/login/callback/",
        "/en/accounts/twitter_oauth2/login/",
        "/en/accounts/twitter_oauth2/login/callback/",
        "/accounts/oidc/linkedin/login/",
        "/accounts/oidc/linkedin/login/callback/",
        "/en/accounts/oidc/linkedin/login/",
        "/en/accounts/oidc/linkedin/login/callback/",
    ],
)
def test_an_unconfigured_provider_is_not_found(client, provider_env, url):
    """No client id and secret (the default): X's login and callback are a 404 like
    LinkedIn's, not a server error (they raised SocialApp.DoesNotExist)."""
    provider_env()
    for method in (client.get, client.post):
        response = method(url, {"code": "c", "state": "s"})  # a 500 raises here
        assert response.status_code == 404, (method, url)


def test_a_configured_x_login_still_starts(client, provider_env):
    provider_env(X_CLIENT_ID="x-id", X_CLIENT_SECRET="x-secret")
    response = client.post("/accounts/twitter_oauth2/login/")
    assert response.status_code == 302
    assert urlparse(response.url).netloc in ("x.com", "twitter.com")


def test_buttons_appear_for_configured_providers_only(client, provider_env):
    provider_env(LINKEDIN_CLIENT_ID="li-id", LINKEDIN_CLIENT_SECRET="li-secret")
    html = client.get("/accounts/login/").content.decode()
    assert "Inloggen met LinkedIn" in html
    assert "Inloggen met X" not in html

    provider_env(X_CLIENT_ID="x-id", X_CLIENT_SECRET="x-secret")
    html = client.get("/en/accounts/login/").content.decode()
    assert "Log in with LinkedIn" in html and "Log in with X" in html


def test_linkedin_login_creates_the_participant(client, provider_env, fake_http):
    provider_env(LINKEDIN_CLIENT_ID="li-id", LINKEDIN_CLIENT_SECRET="li-secret")
    fake = fake_http(
        {
            (
                "GET",
                "https://www.linkedin.com/oauth/.well-known/openid-configuration",
            ): LINKEDIN_DISCOVERY,
            ("POST", LINKEDIN_DISCOVERY["token_endpoint"]): {
                "access_token": "li-access-token",
                "token_type": "Bearer",
                "expires_in": 3600,
            },
            ("GET", LINKEDIN_DISCOVERY["userinfo_endpoint"]): LINKEDIN_USERINFO,
        }
    )

    location, state = start_login(client, "/accounts/oidc/linkedin/login/")
    assert location.startswith(LINKEDIN_DISCOVERY["authorization_endpoint"])
    response = client.get(
        "/accounts/oidc/linkedin/login/callback/", {"code": "li-code", "state": state}
    )

    assert response.status_code == 302
    assert response.url == "/dashboard/"
    user = get_user_model().objects.get()
    assert user.email == "zoe.orsted@example.com"
    assert user.full_name == "Zoë Ørsted"
    assert SocialAccount.objects.get(user=user).provider == "linkedin"
    assert "_auth_user_id" in client.session
    assert ("POST", LINKEDIN_DISCOVERY["token_endpoint"]) in fake.calls


def test_x_login_asks_for_the_email_x_does_not_give(client, provider_env, fake_http):
    provider_env(X_CLIENT_ID="x-id", X_CLIENT_SECRET="x-secret")
    fake_http(
        {
            ("POST", "https://api.x.com/2/oauth2/token"): {
                "access_token": "x-access-token",
                "token_type": "bearer",
                "expires_in": 7200,
                "scope": "users.read tweet.read",
            },
            ("GET", "https://api.x.com/2/users/me"): {
                "data": {"id": "1234567", "name": "Şükrü Yılmaz", "username": "sukru"}
            },
        }
    )

    location, state = start_login(client, "/accounts/twitter_oauth2/login/")
    assert location.startswith("https://x.com/i/oauth2/authorize")
    response = client.get(
        "/accounts/twitter_oauth2/login/callback/", {"code": "x-code", "state": state}
    )

    assert response.status_code == 302
    assert response.url == "/accounts/3rdparty/signup/"
    form = client.get(response.url).content.decode()
    assert 'name="email"' in form
    assert 'value="Şükrü Yılmaz"' in form  # the name comes from X, prefilled

    response = client.post(
        "/accounts/3rdparty/signup/",
        {"email": "sukru@example.com", "full_name": "Şükrü Yılmaz"},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get()
    assert (user.email, user.full_name) == ("sukru@example.com", "Şükrü Yılmaz")
    assert SocialAccount.objects.get(user=user).provider == "twitter_oauth2"


def test_a_provider_error_is_shown_not_a_500(client, provider_env, fake_http):
    provider_env(X_CLIENT_ID="x-id", X_CLIENT_SECRET="x-secret")
    fake_http({})
    response = client.get(
        "/accounts/twitter_oauth2/login/callback/", {"error": "access_denied"}
    )
    assert response.status_code == 401  # allauth's "login failed" page, in our look
    assert 'class="site-header"' in response.content.decode()
    assert not get_user_model().objects.exists()


def test_callback_with_a_forged_state_creates_nobody(client, provider_env, fake_http):
    provider_env(X_CLIENT_ID="x-id", X_CLIENT_SECRET="x-secret")
    fake_http({})
    response = client.get(
        "/accounts/twitter_oauth2/login/callback/", {"code": "c", "state": "forged"}
    )
    assert response.status_code == 401
    assert not get_user_model().objects.exists()
