"""Forms for the tips practice; one field set per tip, in the trainer's order."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_PLAN_TIPS

RATINGS = [
    ("1", _("1 – I never do this")),
    ("2", _("2 – rarely")),
    ("3", _("3 – sometimes")),
    ("4", _("4 – often")),
    ("5", _("5 – I always do this")),
]


class AssessmentForm(forms.Form):
    def __init__(self, tips, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tips = list(tips)
        for tip in self.tips:
            self.fields[f"rating-{tip.pk}"] = forms.TypedChoiceField(
                label=tip.title,
                choices=RATINGS,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Rate yourself on this tip.")},
            )
            self.fields[f"note-{tip.pk}"] = forms.CharField(
                label=_("Private note"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(t, self[f"rating-{t.pk}"], self[f"note-{t.pk}"]) for t in self.tips]

    def answers(self):
        return {
            tip.pk: (
                self.cleaned_data[f"rating-{tip.pk}"],
                self.cleaned_data[f"note-{tip.pk}"],
            )
            for tip in self.tips
        }


class PlanForm(forms.Form):
    def __init__(self, tips, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tips = list(tips)
        for tip in self.tips:
            self.fields[f"chosen-{tip.pk}"] = forms.BooleanField(
                label=tip.title, required=False
            )
            self.fields[f"action-{tip.pk}"] = forms.CharField(
                label=_("My action"),
                required=False,
                max_length=300,
                initial=tip.try_this_week,
            )

    def rows(self):
        return [(t, self[f"chosen-{t.pk}"], self[f"action-{t.pk}"]) for t in self.tips]

    def clean(self):
        cleaned = super().clean()
        chosen = [t for t in self.tips if cleaned.get(f"chosen-{t.pk}")]
        if not chosen:
            raise forms.ValidationError(_("Choose at least one tip to work on."))
        if len(chosen) > MAX_PLAN_TIPS:
            raise forms.ValidationError(_("Choose at most three tips."))
        for tip in chosen:
            if not cleaned.get(f"action-{tip.pk}", "").strip():
                self.add_error(f"action-{tip.pk}", _("Write what you will do."))
        return cleaned

    def actions(self):
        return {
            tip.pk: self.cleaned_data[f"action-{tip.pk}"]
            for tip in self.tips
            if self.cleaned_data.get(f"chosen-{tip.pk}")
        }


class CheckInForm(forms.Form):
    week = forms.DateField(widget=forms.HiddenInput)

    def __init__(self, plan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = list(plan)
        for item in self.plan:
            key = item.tip_id
            self.fields[f"did-{key}"] = forms.TypedChoiceField(
                label=_("Did you do it this week?"),
                choices=[("1", _("Yes")), ("0", _("Not yet"))],
                coerce=lambda value: value == "1",
                widget=forms.RadioSelect,
                error_messages={"required": _("Say whether you did it.")},
            )
            self.fields[f"reflection-{key}"] = forms.CharField(
                label=_("Reflection"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"rating-{key}"] = forms.TypedChoiceField(
                label=_("Rate yourself again (optional)"),
                choices=[("", "—"), *RATINGS],
                coerce=int,
                required=False,
                empty_value=None,
            )

    def rows(self):
        return [
            (
                item,
                self[f"did-{item.tip_id}"],
                self[f"reflection-{item.tip_id}"],
                self[f"rating-{item.tip_id}"],
            )
            for item in self.plan
        ]

    def answers(self):
        return {
            item.tip_id: (
                self.cleaned_data[f"did-{item.tip_id}"],
                self.cleaned_data[f"reflection-{item.tip_id}"],
            )
            for item in self.plan
        }

    def ratings(self):
        return {
            item.tip_id: self.cleaned_data[f"rating-{item.tip_id}"]
            for item in self.plan
            if self.cleaned_data.get(f"rating-{item.tip_id}")
        }
