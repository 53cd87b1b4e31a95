"""The workshop editor's sessions: a session that participants registered for is
never removed with the page's content. The trainer cancels it instead."""

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext, ngettext
from modelcluster.forms import BaseChildFormSet

from .models import Registration
from .registration import keep_sessions_with_registrations


def registration_counts(page):
    """{session id: number of registrations, of any status} for the page's sessions."""
    if page.pk is None:
        return {}
    return dict(
        Registration.objects.filter(session__page_id=page.pk)
        .values_list("session_id")
        .annotate(count=Count("pk"))
        .order_by()
    )


class SessionFormSet(BaseChildFormSet):
    """The InlinePanel formset of a workshop's sessions (see courses.panels)."""

    def __init__(self, data=None, files=None, instance=None, queryset=None, **kwargs):
        if instance is not None and queryset is None:
            # A draft from before participants registered for a session it lacks:
            # the editor shows that session again (publishing keeps it anyway).
            keep_sessions_with_registrations(instance)
        super().__init__(data, files, instance=instance, queryset=queryset, **kwargs)

    def clean(self):
        super().clean()
        counts = registration_counts(self.instance)
        refused = 0
        for form in self.forms:
            if not (self.can_delete and self._should_delete_form(form)):
                continue
            count = counts.get(form.instance.pk)
            if not count:
                continue
            refused += 1
            form.add_error(
                None,
                ngettext(
                    "%(count)d participant registered for this session (the waiting "
                    "list and cancellations included), so it cannot be removed: "
                    "their registrations and attendance are kept. To call the "
                    "session off, tick “Cancelled” instead: the participants get "
                    "an email and the session takes no more registrations.",
                    "%(count)d participants registered for this session (the "
                    "waiting list and cancellations included), so it cannot be "
                    "removed: their registrations and attendance are kept. To call "
                    "the session off, tick “Cancelled” instead: the participants "
                    "get an email and the session takes no more registrations.",
                    count,
                )
                % {"count": count},
            )
            # Show the session again (the editor hides a child marked for removal).
            form.data = form.data.copy()
            form.data[form.add_prefix("DELETE")] = ""
        if refused:
            raise ValidationError(
                gettext(
                    "A session that participants registered for cannot be removed; "
                    "cancel it instead."
                )
            )
