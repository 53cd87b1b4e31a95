"""The question types trainers write quizzes with (StreamField blocks)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

TRUE, FALSE = "true", "false"


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"), max_length=500)
    correct = blocks.BooleanBlock(label=_("correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("feedback"),
        required=False,
        help_text=_("Shown to participants who chose this answer."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Answer")


class ChoiceQuestionBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("question"),
        help_text=_("Describe a situation first for a scenario question."),
    )
    options = blocks.ListBlock(OptionBlock(), label=_("answers"), min_num=2)
    explanation = blocks.TextBlock(
        label=_("explanation"),
        required=False,
        help_text=_("Shown after answering: why the right answer is right."),
    )

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for option in value["options"] if option["correct"])
        error = self.check_correct_count(correct)
        if error:
            raise StructBlockValidationError({"options": ValidationError(error)})
        return value

    def check_correct_count(self, correct):
        """Return an error message when the number of correct answers is wrong."""
        raise NotImplementedError


class SingleChoiceBlock(ChoiceQuestionBlock):
    def check_correct_count(self, correct):
        if correct != 1:
            return _("Mark exactly one answer as correct.")
        return None

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        description = _("One right answer. Good for scenario questions.")


class MultipleResponseBlock(ChoiceQuestionBlock):
    def check_correct_count(self, correct):
        if correct < 1:
            return _("Mark at least one answer as correct.")
        return None

    class Meta:
        icon = "tasks"
        label = _("Multiple response")
        description = _("Select all that apply: right only when exactly right.")


class TrueFalseBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("statement"))
    correct_answer = blocks.ChoiceBlock(
        label=_("the statement is"),
        choices=[(TRUE, _("True")), (FALSE, _("False"))],
        default=TRUE,
    )
    feedback_true = blocks.TextBlock(label=_("feedback for “true”"), required=False)
    feedback_false = blocks.TextBlock(label=_("feedback for “false”"), required=False)
    explanation = blocks.TextBlock(label=_("explanation"), required=False)

    class Meta:
        icon = "help"
        label = _("True or false")
        description = _("A statement the participant judges true or false.")


class QuestionsBlock(blocks.StreamBlock):
    single = SingleChoiceBlock()
    multiple = MultipleResponseBlock()
    true_false = TrueFalseBlock()

    class Meta:
        min_num = 1
