"""allauth behaviour for this site.

Wired by ACCOUNT_ADAPTER and SOCIALACCOUNT_ADAPTER in settings; see
https://docs.allauth.org/en/latest/socialaccount/advanced.html#creating-and-populating-user-instances
"""

import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from .models import language_or_default

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Send, but never turn a mail server problem into a 500 for the visitor.

        A failed confirmation or reset email is logged; the participant can ask for
        it again ("send again") once the mail server answers.
        """
        try:
            super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError):
            logger.exception("could not send %s email", template_prefix)

    def get_logout_redirect_url(self, request):
        """The home page in the language the participant was using."""
        return reverse("wagtail_serve", args=[""])


class ProviderNotConfigured(SocialApp.DoesNotExist, Http404):
    """No app for this provider: what allauth catches where it asks, a 404 where it
    does not (the X login and callback views; LinkedIn's catch it themselves)."""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request, provider, client_id=None):
        """The provider's app; a provider the operator did not configure (no client
        id and secret in the environment: the default) is not found, not a 500."""
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as error:
            raise ProviderNotConfigured(provider) from error

    def populate_user(self, request, sociallogin, data):
        """Our User has one full name; take it from the provider's profile."""
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = " ".join((name or "").split())[:150]
        user.language = language_or_default(translation.get_language())
        return user
