"""The participant's own account pages next to allauth's: profile, data, deletion."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from boosters import logic as boosters

from .base.privacy import delete_account, export_user_data
from .users.forms import ProfileForm


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that my account and progress will be deleted for good."
        ),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # In the language just chosen: the participant sees it at once.
        with translation.override(user.preferred_language):
            messages.success(request, _("Your profile has been saved."))
            return redirect(reverse("account_profile"))
    return TemplateResponse(
        request,
        "account/profile.html",
        {"form": form, "booster_emails_on": boosters.emails_on(request.user.pk)},
    )


@never_cache
@login_required
@require_safe
def data_export(request):
    """Download everything we store about the participant, as JSON."""
    data = export_user_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"office-manager-academy-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """Explain what deletion removes, then delete on an explicit confirmation."""
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user)
        messages.success(
            request, _("Your account and all your data have been deleted.")
        )
        return redirect("/")
    return TemplateResponse(request, "account/delete.html", {"form": form})
