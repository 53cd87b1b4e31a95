"""Participants' records that hang on content: content that has them is not deleted.

An enrolment hangs on a workshop page, a completion on a module page, a rating, a plan
or a check-in on a tip (`practice`); an app above may register its own (a registration
on a session, say). Deleting the content would delete those records with it, so it is
refused: the foreign keys PROTECT them, and the admin says beforehand how many
participants it concerns and what to do instead (unpublish the page).

Each app counts its own records. It registers, from its `AppConfig.ready()`, a
function per kind of content: `ids -> the ids of the users with records on it` (a
`values_list("user_id", flat=True)` queryset, or any iterable). The kinds:

- `PAGES`: ids of pages; the caller includes the descendants (`pages_in_trees`), so
  a function only looks at the pages it is given (a tip's page, a session's workshop);
- `TIPS`: ids of `courses.Tip` (removing a tip in the tips page's editor);
- an app may add a kind of its own (e.g. "sessions") and ask it the same way.

`participants(kind, ids)` answers with the number of distinct users over every
registered function, and what kinds of record they have. Plain functions, no requests.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

PAGES = "pages"
TIPS = "tips"


@dataclass(frozen=True)
class Records:
    key: str  # unique per kind, e.g. "enrolments"
    label: Any  # what they are, for people: _("enrolments")
    users: Callable  # ids -> ids of the users with such records


@dataclass(frozen=True)
class Participants:
    """Who has records on some content: how many people, and what records."""

    count: int = 0
    labels: tuple = ()

    def __bool__(self):
        return self.count > 0


_registry = {}


def register(kind, key, label, users):
    """Add (or replace, when the key is known) a kind of record on `kind` content."""
    records = Records(key, label, users)
    _registry.setdefault(kind, {})[key] = records
    return records


def registered(kind):
    return list(_registry.get(kind, {}).values())


def participants(kind, ids):
    """The distinct users with records on the content `ids` of this kind."""
    ids = list(ids)
    if not ids:
        return Participants()
    users, labels = set(), []
    for records in registered(kind):
        found = set(records.users(ids))
        if found:
            users |= found
            labels.append(records.label)
    return Participants(len(users), tuple(labels))


def pages_in_trees(pages):
    """The ids of `pages` and of every page below them."""
    from wagtail.models import Page

    pages = list(pages)
    if not pages:
        return []
    below = Q()
    for page in pages:
        below |= Q(path__startswith=page.path, depth__gte=page.depth)
    return list(Page.objects.filter(below).values_list("pk", flat=True))


def page_participants(pages):
    """Participants with records on these pages or on any page below them."""
    return participants(PAGES, pages_in_trees(pages))


def _records(found):
    return ", ".join(str(label) for label in found.labels)


def page_refusal(page, found):
    """Why `page` cannot be deleted, and what to do instead."""
    values = {"title": page.title, "count": found.count, "records": _records(found)}
    if page.numchild:
        reason = ngettext(
            "“%(title)s” cannot be deleted: %(count)d participant has records on "
            "it or on the pages below it (%(records)s). Deleting the page would "
            "delete them.",
            "“%(title)s” cannot be deleted: %(count)d participants have records on "
            "it or on the pages below it (%(records)s). Deleting the page would "
            "delete them.",
            found.count,
        )
    else:
        reason = ngettext(
            "“%(title)s” cannot be deleted: %(count)d participant has records on "
            "it (%(records)s). Deleting the page would delete them.",
            "“%(title)s” cannot be deleted: %(count)d participants have records on "
            "it (%(records)s). Deleting the page would delete them.",
            found.count,
        )
    return " ".join((reason % values, str(UNPUBLISH_INSTEAD)))


def tip_refusal(tip, found):
    """Why `tip` cannot be removed from the tips page, and what to do instead."""
    reason = ngettext(
        "The tip “%(title)s” cannot be removed: %(count)d participant has records "
        "on it (%(records)s). Removing it would delete them.",
        "The tip “%(title)s” cannot be removed: %(count)d participants have records "
        "on it (%(records)s). Removing it would delete them.",
        found.count,
    )
    values = {"title": tip.title, "count": found.count, "records": _records(found)}
    return " ".join((reason % values, str(REWRITE_TIP_INSTEAD)))


UNPUBLISH_INSTEAD = _(
    "Unpublish the page instead: participants keep their records, and progress "
    "counts only the modules that are live."
)
REWRITE_TIP_INSTEAD = _(
    "Change its text instead; participants keep their ratings, plans and check-ins."
)
