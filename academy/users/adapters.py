"""allauth behaviour for this site.

Wired by SOCIALACCOUNT_ADAPTER in settings; see
https://docs.allauth.org/en/latest/socialaccount/advanced.html#creating-and-populating-user-instances
"""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """Our User has one full name; take it from the provider's profile."""
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = " ".join((name or "").split())[:150]
        return user
