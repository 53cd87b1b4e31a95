"""The Wagtail admin's account page, with the one full name our User has."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import account

from .models import User


class FullNameEmailForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email"]
        labels = {"full_name": _("Full name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not account.email_management_enabled():
            del self.fields["email"]


class FullNameEmailSettingsPanel(account.NameEmailSettingsPanel):
    form_class = FullNameEmailForm


class AccountView(account.AccountView):
    def get_panels(self):
        return [
            FullNameEmailSettingsPanel(panel.request, panel.user, panel.profile)
            if type(panel) is account.NameEmailSettingsPanel
            else panel
            for panel in super().get_panels()
        ]
