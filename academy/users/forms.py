from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import User, language_or_default

FULL_NAME_HELP = _("As it should appear on your certificates, e.g. “Anna de Vries”.")


class SignupForm(forms.Form):
    """Extra sign-up field (allauth's ACCOUNT_SIGNUP_FORM_CLASS): the full name."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=FULL_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sociallogin = kwargs.get("sociallogin") or getattr(self, "sociallogin", None)
        if sociallogin is not None and getattr(sociallogin.user, "full_name", ""):
            self.initial.setdefault("full_name", sociallogin.user.full_name)

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        # The language of the page the participant signed up on is theirs.
        user.language = language_or_default(translation.get_language())
        user.save(update_fields=["full_name", "language"])


class ProfileForm(forms.ModelForm):
    """What a participant may change about themself on the profile page."""

    class Meta:
        model = User
        fields = ["full_name", "language"]
        labels = {"full_name": _("Full name"), "language": _("Language")}
        help_texts = {
            "full_name": FULL_NAME_HELP,
            "language": _("Your emails, certificates and credentials are in it."),
        }
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        # A form sent without the field (an older page) keeps the language.
        self.fields["language"].required = False
        # Each language in its own name: "Nederlands", "English".
        self.fields["language"].choices = [
            (code, translation.get_language_info(code)["name_local"])
            for code, _name in settings.LANGUAGES
        ]

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language
