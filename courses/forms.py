"""The editor's form of the tips page: a tip that participants used stays."""

from wagtail.admin.forms import WagtailAdminPageForm

from . import dependent_records


class TipsPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        for message in self.removed_tips_with_records():
            self.add_error(None, message)
        return cleaned_data

    def removed_tips_with_records(self):
        """Why each stored tip that this form removes may not go (participants rated,
        planned or checked in on it); for a draft too, since publishing it later
        would remove the tip."""
        from .models import Tip

        formset = self.formsets.get("tips")
        if formset is None or self.instance.pk is None:
            return []
        formset.is_valid()  # the DELETE flags are read from the cleaned forms
        kept = {
            form.instance.pk
            for form in formset.forms
            if form.instance.pk and not formset._should_delete_form(form)
        }
        removed = [
            tip
            for tip in Tip.objects.filter(page_id=self.instance.pk).order_by(
                "sort_order", "pk"
            )
            if tip.pk not in kept
        ]
        if not dependent_records.participants(
            dependent_records.TIPS, [tip.pk for tip in removed]
        ):
            return []
        messages = []
        for tip in removed:
            found = dependent_records.participants(dependent_records.TIPS, [tip.pk])
            if found:
                messages.append(dependent_records.tip_refusal(tip, found))
        return messages
