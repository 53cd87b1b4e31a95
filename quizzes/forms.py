"""The quiz as an HTML form: one field per question, no correct answers in it."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExtraAttempts, Quiz

SUBMISSION = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class QuizForm(forms.Form):
    """Built from the questions in the order this form shows them."""

    submission = forms.RegexField(regex=SUBMISSION, widget=forms.HiddenInput)

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            choices = [(option.key, option.text) for option in question.options]
            error = {"required": _("Choose an answer to this question.")}
            if question.allows_several:
                field = forms.MultipleChoiceField(
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={
                        "required": _("Choose one or more answers to this question.")
                    },
                )
            else:
                field = forms.ChoiceField(
                    choices=choices, widget=forms.RadioSelect, error_messages=error
                )
            field.label = question.text
            field.question = question
            self.fields[self.field_name(question)] = field

    @staticmethod
    def field_name(question):
        return f"q-{question.key}"

    def clean(self):
        cleaned = super().clean()
        if self.data is not None and hasattr(self.data, "getlist"):
            for question in self.questions:
                name = self.field_name(question)
                if not question.allows_several and len(self.data.getlist(name)) > 1:
                    self.add_error(name, _("Choose one answer."))
        return cleaned

    def answers(self):
        """{question key: [option keys]} for scoring."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data[self.field_name(question)]
            result[question.key] = value if isinstance(value, list) else [value]
        return result

    def question_fields(self):
        """(question, bound field) pairs, for the template."""
        return [(q, self[self.field_name(q)]) for q in self.questions]


class ExtraAttemptsForm(forms.Form):
    """A trainer gives a participant extra attempts at a quiz they have taken."""

    quiz = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    count = forms.IntegerField(
        label=_("Extra attempts"),
        min_value=1,
        max_value=ExtraAttempts.MAX_COUNT,
        initial=1,
    )
    reason = forms.CharField(
        label=_("Reason (shown to the participant)"), max_length=500, required=False
    )
    # How many grants the trainer saw for this quiz: a second click (or a second
    # trainer) on the same page finds one more and grants nothing again.
    granted_before = forms.IntegerField(
        min_value=0,
        max_value=10_000,
        widget=forms.HiddenInput,
        initial=0,
        required=False,
    )

    def __init__(self, participant, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quiz"].queryset = Quiz.objects.filter(
            attempts__user=participant
        ).distinct()
