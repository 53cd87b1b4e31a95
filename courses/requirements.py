"""What finishing a workshop takes besides its modules, registered by other apps.

`courses` decides who finished a workshop, but some conditions belong to apps above
it (attending a live session belongs to `live_sessions`). Such an app registers a
`Requirement` from its own `AppConfig.ready()`; `courses` asks the registry and never
imports the app. A requirement answers three questions:

- `applies(workshop)`: does the workshop ask for it (e.g. a checkbox on the page)?
- `met(user, workshop_ids)`: of these workshops, for which did the participant meet
  it? (one query for all of them)
- `met_expression()`: the same, as a boolean SQL expression over an `Enrolment`
  queryset (`OuterRef("user")`, `OuterRef("workshop")`), for the trainer reports.

When something happens that may meet a requirement (an attendance is recorded), the
app calls `courses.participation.check_finished(user, workshop)`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_registry = {}


@dataclass(frozen=True)
class Requirement:
    key: str
    label: Any  # shown to participants whose modules are done but this is not
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


def label(key):
    requirement = _registry.get(key)
    return requirement.label if requirement else key
