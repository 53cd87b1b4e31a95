"""allauth behaviour for this site.

Wired by ACCOUNT_ADAPTER and SOCIALACCOUNT_ADAPTER in settings; see
https://docs.allauth.org/en/latest/socialaccount/advanced.html#creating-and-populating-user-instances
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_logout_redirect_url(self, request):
        """The home page in the language the participant was using."""
        return reverse("wagtail_serve", args=[""])


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """Our User has one full name; take it from the provider's profile."""
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = " ".join((name or "").split())[:150]
        return user
