"""Panels that other apps add to the workshop page, without `courses` importing them.

The workshop page has named places (slots) where an app above `courses` may show its
part: `finished` (under "You have finished this workshop": the certificate) and
`main` (above the module list: the live sessions). An app registers a `WorkshopPanel`
from its `AppConfig.ready()`; its `context(request, workshop, progress)` returns the
variables its template needs, or None to show nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

SLOTS = ("finished", "main")
_panels = []


@dataclass(frozen=True)
class WorkshopPanel:
    slot: str
    template: str
    context: Callable
    order: int = 100


def register(panel):
    if panel.slot not in SLOTS:
        raise ValueError(f"unknown slot {panel.slot!r}; one of {SLOTS}")
    _panels[:] = sorted(
        [p for p in _panels if p.template != panel.template] + [panel],
        key=lambda p: p.order,
    )
    return panel


def panels_for(request, workshop, progress):
    """({slot: [template, ...]}, extra context) for one rendering of the page."""
    slots, context = {slot: [] for slot in SLOTS}, {}
    for panel in _panels:
        if panel.slot == "finished" and not (progress and progress.finished):
            continue
        extra = panel.context(request, workshop, progress)
        if extra is not None:
            slots[panel.slot].append(panel.template)
            context.update(extra)
    return slots, context
