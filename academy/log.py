"""Structured logs: one JSON object per line on stdout, for the log collector.

`JsonFormatter` formats Django's and the app's log records; `GunicornAccessFormatter`
turns gunicorn's access log record (whose arguments are the request's "atoms") into
the same kind of line. Neither imports Django, so gunicorn's master can load them.
"""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else was passed with `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def _timestamp(record):
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            # django.request and django.security pass the request along.
            entry["method"] = request.method
            entry["path"] = request.path
        for name, value in vars(record).items():
            if name not in _STANDARD and name not in entry and name != "request":
                entry[name] = value if _jsonable(value) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _jsonable(value):
    return isinstance(value, str | int | float | bool | type(None))


class GunicornAccessFormatter(logging.Formatter):
    """gunicorn's access log as JSON: method, path, status, size, duration."""

    def format(self, record):
        atoms = record.args if isinstance(record.args, dict) else {}

        def atom(name):
            value = atoms.get(name, "-")
            return None if value == "-" else value

        status = atom("s")
        size = atom("B")
        entry = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": "gunicorn.access",
            "remote": atom("h"),
            "method": atom("m"),
            "path": atom("U"),
            "query": atom("q"),
            "status": int(status) if str(status).isdigit() else status,
            "bytes": int(size) if str(size).isdigit() else 0,
            "duration_ms": round(int(atoms.get("D", 0)) / 1000, 1),
            "user_agent": atom("a"),
            "request_id": atom("{x-request-id}i"),
        }
        return json.dumps(entry, ensure_ascii=False)
