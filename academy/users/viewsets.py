"""Wagtail's user admin for our User model (one full name instead of first/last)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .models import User

USER_FIELDS = ["email", "full_name", "is_superuser", "groups"]


class EmailAnyCaseMixin:
    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A user with this email address exists."))
        return email


class AcademyUserCreationForm(EmailAnyCaseMixin, UserCreationForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = USER_FIELDS


class AcademyUserEditForm(EmailAnyCaseMixin, UserEditForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)

    class Meta(UserEditForm.Meta):
        model = User
        fields = [*USER_FIELDS, "is_active"]


class UserViewSet(WagtailUserViewSet):
    template_prefix = "users/wagtail/"

    def get_form_class(self, for_update=False):
        return AcademyUserEditForm if for_update else AcademyUserCreationForm
