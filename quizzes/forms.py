"""The quiz as an HTML form: one field per question, no correct answers in it."""

import re

from django import forms
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .models import ExtraAttempts, Quiz

SUBMISSION = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

# Certainty-based marking: how sure the participant is of an answer (scoring.py).
CERTAINTY_CHOICES = [
    ("1", _("Not sure")),
    ("2", _("Fairly sure")),
    ("3", _("Very sure")),
]


class QuizForm(forms.Form):
    """Built from the questions in the order this form shows them."""

    submission = forms.RegexField(regex=SUBMISSION, widget=forms.HiddenInput)

    def __init__(self, questions, *args, certainty=False, drawn=None, **kwargs):
        """`certainty`: ask how sure the participant is of each answer; `drawn`:
        the signed keys of a question pool's draw (a hidden field)."""
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.asks_certainty = certainty
        if drawn is not None:
            self.fields["drawn"] = forms.CharField(
                widget=forms.HiddenInput, initial=drawn, max_length=4000
            )
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
            if certainty:
                self.fields[self.certainty_name(question)] = forms.ChoiceField(
                    label=_("How sure are you?"),
                    choices=CERTAINTY_CHOICES,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Say how sure you are.")},
                )

    @staticmethod
    def field_name(question):
        return f"q-{question.key}"

    @staticmethod
    def certainty_name(question):
        return f"c-{question.key}"

    def certainty(self):
        """{question key: level} with certainty-based marking, else None."""
        if not self.asks_certainty:
            return None
        return {
            question.key: int(self.cleaned_data[self.certainty_name(question)])
            for question in self.questions
        }

    def clean(self):
        cleaned = super().clean()
        if self.data is not None and hasattr(self.data, "getlist"):
            for question in self.questions:
                name = self.field_name(question)
                if not question.allows_several and len(self.data.getlist(name)) > 1:
                    self.add_error(name, _("Choose one answer."))
                if self.asks_certainty:
                    name = self.certainty_name(question)
                    if len(self.data.getlist(name)) > 1 and name not in self.errors:
                        self.add_error(name, _("Choose one answer."))
        return cleaned

    def question_fields(self):
        return [self.fields[self.field_name(question)] for question in self.questions]

    def answers(self):
        """{question key: [option keys]} for scoring."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data[self.field_name(question)]
            result[question.key] = value if isinstance(value, list) else [value]
        return result

    def questions_html(self):
        """The questions and their answers as HTML (an <ol>), in this form's order.

        Written out here rather than by a template and Django's widgets: it is the
        largest part of the quiz page, shown at every attempt, and this costs a tenth
        of the template's time (issue 16). Only what a participant may see: the
        question, its options' keys and texts, which ones they chose, the errors.
        """
        lang = escape((get_language() or settings.ACADEMY_CONTENT_LANGUAGE)[:2])
        several_hint = escape(gettext("Choose all answers that apply."))
        parts = ['<ol class="quiz-questions">']
        for number, question in enumerate(self.questions, start=1):
            name = self.field_name(question)
            auto_id = f"id_{name}"
            errors = self.errors.get(name) if self.is_bound else None
            chosen = self._chosen(name, question)
            kind = "checkbox" if question.allows_several else "radio"
            invalid = " quiz-question--invalid" if errors else ""
            described = f' aria-describedby="{auto_id}-error"' if errors else ""
            parts.append(
                f'\n    <li class="quiz-question{invalid}">\n'
                f"        <fieldset{described}>\n"
                '            <legend><span class="quiz-question__number">'
                f"{escape(gettext('Question %(number)s') % {'number': number})}"
                f'</span> <span class="quiz-question__text" lang="{lang}">'
                f"{linebreaksbr(question.text)}</span>\n"
            )
            if question.allows_several:
                parts.append(
                    f'                <span class="quiz-question__hint">'
                    f"{several_hint}</span>\n"
                )
            parts.append("            </legend>\n")
            if errors:
                parts.append(
                    f'            <p class="field__errors" id="{auto_id}-error">'
                    f"{escape(' '.join(str(e) for e in errors))}</p>\n"
                )
            parts.append('            <ul class="quiz-options">\n')
            for index, option in enumerate(question.options):
                option_id = f"{auto_id}_{index}"
                checked = " checked" if option.key in chosen else ""
                parts.append(
                    '                <li class="quiz-option">\n'
                    f'                    <input type="{kind}" name="{escape(name)}" '
                    f'value="{escape(option.key)}" id="{escape(option_id)}"{checked}>\n'
                    f'                    <label for="{escape(option_id)}" '
                    f'lang="{lang}">{escape(option.text)}</label>\n'
                    "                </li>\n"
                )
            parts.append("            </ul>\n")
            if self.asks_certainty:
                parts.append(self._certainty_html(question, auto_id))
            parts.append("        </fieldset>\n    </li>")
        parts.append("\n</ol>\n")
        return mark_safe("".join(parts))  # noqa: S308 - every value escaped above

    def _certainty_html(self, question, auto_id):
        name = self.certainty_name(question)
        errors = self.errors.get(name) if self.is_bound else None
        chosen = self._chosen(name, question, single=True)
        error_id = f"id_{name}-error"
        described = f' aria-describedby="{error_id}"' if errors else ""
        parts = [
            f'            <fieldset class="quiz-certainty"{described}>\n'
            f"                <legend>{escape(gettext('How sure are you?'))}</legend>\n"
        ]
        if errors:
            parts.append(
                f'                <p class="field__errors" id="{error_id}">'
                f"{escape(' '.join(str(e) for e in errors))}</p>\n"
            )
        for index, (value, label) in enumerate(CERTAINTY_CHOICES):
            option_id = f"id_{name}_{index}"
            checked = " checked" if value in chosen else ""
            parts.append(
                '                <span class="quiz-certainty__option">'
                f'<input type="radio" name="{escape(name)}" value="{value}" '
                f'id="{escape(option_id)}"{checked}> '
                f'<label for="{escape(option_id)}">{escape(label)}</label></span>\n'
            )
        parts.append("            </fieldset>\n")
        return "".join(parts)

    def _chosen(self, name, question, single=False):
        """The option keys this (bound) form has for a question."""
        if not self.is_bound or self.data is None:
            return set()
        if hasattr(self.data, "getlist"):
            values = self.data.getlist(name)
        else:
            value = self.data.get(name)
            values = value if isinstance(value, list | tuple) else [value]
        if single or not question.allows_several:
            values = values[-1:]  # what a radio button group would show
        return {str(value) for value in values if value is not None}


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
