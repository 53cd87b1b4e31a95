"""What finishing a workshop takes besides its modules, registered by other apps.

`courses` decides who finished a workshop, but some conditions belong to apps above
it (attending a live session belongs to `live_sessions`). Such an app registers a
`Requirement` from its own `AppConfig.ready()`; `courses` asks the registry and never
imports the app. A requirement answers three questions:

- `applies(workshop)`: does the workshop ask for it (e.g. a checkbox on the page)?
- `met(user, workshop_ids)`: of these workshops, for which did the participant meet
  it? (one query for all of them)
- `met_expression()`: the same for many enrolments at once, as a condition (a `Q`)
  on an `Enrolment` queryset that holds where the requirement is met *or does not
  apply* (use `OuterRef("user")`, `OuterRef("workshop")`), for the trainer reports.

When something happens that may meet a requirement (an attendance is recorded), the
app calls `courses.participation.check_finished(user, workshop)`.
"""

from collections.abc import Callable
from dataclasses import dataclass

_registry = {}


@dataclass(frozen=True)
class Requirement:
    key: str  # e.g. "attendance": WorkshopProgress.unmet_requirements holds these
    applies: Callable
    met: Callable
    met_expression: Callable


def register(requirement):
    """Add (or replace, when the key is known) a requirement."""
    _registry[requirement.key] = requirement
    return requirement


def all_requirements():
    return list(_registry.values())


def applying_to(workshop):
    """The requirements that `workshop` asks for."""
    return [r for r in _registry.values() if r.applies(workshop)]
