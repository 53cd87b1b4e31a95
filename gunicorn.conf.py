"""gunicorn settings for Office Manager 2.0 Academy (production and `make bench`).

Start with: gunicorn -c gunicorn.conf.py academy.wsgi
Everything can be changed from the environment (README, "Running in production"):

  PORT / BIND            where to listen (default 127.0.0.1:8000; BIND wins)
  WEB_CONCURRENCY        worker processes (default: 2 per CPU core + 1)
  GUNICORN_THREADS       threads per worker (default 1: sync workers)
  GUNICORN_TIMEOUT       seconds before a stuck worker is restarted (default 30)
  GUNICORN_MAX_REQUESTS  restart a worker after this many requests (default 20000,
                         with jitter), which bounds any slow memory growth
  GUNICORN_CONTROL_SOCKET  a control socket path for this instance; by default
                         there is none (gunicorn 27 otherwise shares one path in
                         $HOME between every instance on the machine)
  ACCESS_LOG             "-" for stdout (default), a file path, or "off"
"""

import multiprocessing
import os

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Load the app once in the master: workers share its memory and start fast.
preload_app = True
# Request headers: bounded, so a hostile client cannot exhaust a worker.
limit_request_line = 8190
limit_request_fields = 100

if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

# Logs: JSON lines on stdout (academy/log.py), like the application's own logs.
_access_log = os.environ.get("ACCESS_LOG", "-")
if _access_log in ("-", "off"):
    _access_handler = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}
else:
    _access_handler = {"class": "logging.FileHandler", "filename": _access_log}
accesslog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "academy.log.JsonFormatter"},
        "access": {"()": "academy.log.GunicornAccessFormatter"},
    },
    "handlers": {
        "error": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
        "access": {**_access_handler, "formatter": "access"},
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {
            "handlers": ["access"],
            "level": "WARNING" if _access_log == "off" else "INFO",
            "propagate": False,
        },
    },
}
