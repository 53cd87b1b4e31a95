"""Editor panels of `courses` that let an app above it decide about its own part."""

from django.utils.module_loading import import_string
from wagtail.admin.panels import InlinePanel


class ChildInlinePanel(InlinePanel):
    """An InlinePanel that validates its children with the formset class the child
    model names in `base_formset_class` (a class or its dotted path), the way a
    model names its form in `base_form_class`.

    The workshop's sessions belong to `live_sessions`, which `courses` does not
    import: their model names the formset that refuses to remove a session that
    participants registered for."""

    def get_form_options(self):
        options = super().get_form_options()
        formset = getattr(self.db_field.related_model, "base_formset_class", None)
        if formset is not None:
            if isinstance(formset, str):
                formset = import_string(formset)
            options["formsets"][self.relation_name]["formset"] = formset
        return options
