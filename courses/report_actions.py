"""Actions that other apps add to the trainers' progress report.

An app above `courses` that can do something with the rows a trainer filtered (the
certificates app: download their PDFs as one ZIP) registers an action from its
`AppConfig.ready()`. The report shows it in its header's menu, beside the CSV and
XLSX downloads, as a link to the action's admin URL with the report's filters in
the query string, without importing the app. The action's view reads the same rows
with `reports.filtered_enrolments(request)`, so it never filters on its own.
"""

from dataclasses import dataclass
from typing import Any

_actions = {}


@dataclass(frozen=True)
class ReportAction:
    name: str
    label: Any
    url_name: str  # an admin URL taking the report's query string
    permission: str = None  # who lacks it does not see the action (its view checks)
    icon_name: str = "download"
    order: int = 100  # the CSV and XLSX downloads are 90 and 100


def register(action):
    _actions[action.name] = action
    return action


def progress_actions(user):
    """The actions `user` may take, in their order."""
    return sorted(
        (
            action
            for action in _actions.values()
            if action.permission is None or user.has_perm(action.permission)
        ),
        key=lambda action: action.order,
    )
