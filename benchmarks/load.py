"""`make bench`: the site under load, on PostgreSQL and Redis, beside the floor.

1. Builds the benchmark database `academy_bench` on the local PostgreSQL (once): the
   demo workshops (`load_demo`), 5,000 participants and 30,000 quiz attempts
   (`make_bench_data`).
2. Starts gunicorn (gunicorn.conf.py, 2 workers) with the production settings on
   127.0.0.1, Redis for cache and sessions (its database 3, emptied first).
3. Loads each page with wrk (16 connections, 2 threads, BENCH_SECONDS each) and
   reports requests per second, p50 and p99 latency, SQL queries per request (the
   X-Query-Count header, switched on only here) and two shares: of the bare floor
   (benchmarks/floor.py: a Django view without middleware or database, in its own
   gunicorn with the same settings and workers, measured first and last) and of
   /livez, the cheapest view of this app through its whole middleware.
4. Times the trainer's progress report (first page), reads the workers' peak memory.
5. The journey: 50 simulated participants for BENCH_JOURNEY_SECONDS log in, open the
   dashboard and modules, take quizzes (some forms sent twice at once, some quizzes
   with an attempt limit hit in parallel), and the database is checked afterwards:
   server errors, lost attempts, duplicated attempts, attempts over the limit.
   With BENCH_RESTART_POSTGRES=1, PostgreSQL is restarted in the middle of it, and
   the errors are counted before, during and after the outage.

The results are printed and written to bench-results/ (ignored by git): a JSON file
and a Markdown table per run, and latest.md. Only 127.0.0.1 is ever loaded.
"""

import http.client
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
FLOOR_PORT = int(os.environ.get("BENCH_FLOOR_PORT", "8764"))
DATABASE = os.environ.get("BENCH_DATABASE", "academy_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
JOURNEY_USERS = int(os.environ.get("BENCH_JOURNEY_USERS", "50"))
# The daily booster email job, measured on this many participants with one due.
BOOSTER_PARTICIPANTS = int(os.environ.get("BENCH_BOOSTER_PARTICIPANTS", "100000"))
JOURNEY_SECONDS = int(os.environ.get("BENCH_JOURNEY_SECONDS", "60"))
RESTART_POSTGRES = os.environ.get("BENCH_RESTART_POSTGRES") == "1"
PASSWORD = "bench-password"  # noqa: S105 - the benchmark database's participants
RESULTS = ROOT / "bench-results"
# Quiz submissions come from 16 participants, as on a real site, not from one
# participant sending hundreds of forms a second.
SUBMITTERS = [f"deelnemer{n:05d}@example.com" for n in range(4980, 4996)]

# Targets (issues 9 and 16). `ratio`: share of the bare floor's requests per second
# (`of`: "bare"), or of /livez (`of`: "livez"); `queries`: SQL queries per request;
# `p99`: the 99th percentile latency in ms.
TARGETS = {
    "floor": {"ratio": 0.60, "of": "bare", "queries": None, "p99": 100},
    "public": {"ratio": 0.50, "of": "bare", "queries": 5, "p99": 100},
    "logged in": {"ratio": 0.10, "of": "bare", "queries": 10, "p99": 100},
    "submission": {"ratio": 0.10, "of": "bare", "queries": None, "p99": 100},
    "heavy": {"ratio": 0.05, "of": "livez", "queries": None, "p99": 100},
    # Signed credentials and the status list (issue 17): what wallets and verifiers
    # fetch, signed once and then served from the cache.
    "credential": {"ratio": 0.10, "of": "bare", "queries": 10, "p99": 100},
}
# The booster page (issue 18) is a logged-in page: "logged in" above.
# A signature check on the verification page (issue 17): median, in ms.
VERIFY_TARGET_MS = 5
P99_TARGET_MS = 100
MEMORY_TARGET_MB = 150
REPORT_TARGET_MS = 300
WORKERS = "2"


def signing_key_pem():
    """A throwaway key for the credentials this run signs (production needs one)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode("ascii")
    )


class Site:
    """One benchmark database, and where its gunicorn listens (port, Redis db)."""

    def __init__(self, database=DATABASE, port=PORT, redis_url=REDIS_URL):
        self.database = database
        self.port = port
        self.redis_url = redis_url
        self.secret_key = "bench-" + secrets.token_urlsafe(48)
        self.signing_key = signing_key_pem()

    @property
    def database_url(self):
        return f"postgres://postgres@127.0.0.1:5432/{self.database}"

    def django_env(self):
        return {
            "DATABASE_URL": self.database_url,
            "DB_CONN_MAX_AGE": "60",
            "PYTHONPATH": str(ROOT),
        }

    def production_env(self):
        return {
            **self.django_env(),
            "DJANGO_SETTINGS_MODULE": "academy.settings.production",
            "SECRET_KEY": self.secret_key,
            "CREDENTIAL_SIGNING_KEY": self.signing_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAILADMIN_BASE_URL": f"http://{HOST}:{self.port}",
            "REDIS_URL": self.redis_url,
            "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; TLS is the proxy's
            "WEB_CONCURRENCY": WORKERS,
            "PORT": str(self.port),
            "ACADEMY_QUERY_COUNT_HEADER": "1",
            # Simulated participants come "through a proxy", each from their own
            # address, so allauth's per-address limits treat them as different people.
            "TRUSTED_PROXY_COUNT": "1",
            # wrk asks for one certificate thousands of times from one address.
            "CERTIFICATE_LOOKUP_RATE": "100000000/60",
            "LOG_LEVEL": "WARNING",
            # Steady state: at 2,000 requests a second the production default (a new
            # worker after 20,000 requests) would restart each worker inside every
            # 10-second window.
            "GUNICORN_MAX_REQUESTS": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }


SITE = Site()


def log(message):
    print(message, flush=True)


def run(*args, env=None, check=True, quiet=True):
    result = subprocess.run(  # noqa: S603
        args,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=quiet,
        text=True,
    )
    if check and result.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return result


def manage(*args, env=None, site=SITE):
    return run(PYTHON, "manage.py", *args, env={**site.django_env(), **(env or {})})


# --- Preparing ---------------------------------------------------------------------


def ensure_tools():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk (Debian package) ...")
        run("apt-get", "install", "-y", "-qq", "wrk")
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")


def postgres_cluster():
    versions = (
        sorted(os.listdir("/etc/postgresql"))
        if Path("/etc/postgresql").is_dir()
        else []
    )
    return versions[-1] if versions else None


def ensure_services():
    if run("pg_isready", "-q", "-h", HOST, check=False).returncode != 0:
        version = postgres_cluster()
        if version is None:
            sys.exit("PostgreSQL is needed on 127.0.0.1:5432")
        run("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start")
        wait_for(
            lambda: run("pg_isready", "-q", "-h", HOST, check=False).returncode == 0
        )
    if run("redis-cli", "-h", HOST, "ping", check=False).returncode != 0:
        run(
            "redis-server", "--daemonize", "yes", "--bind", HOST, "--port", "6379",
            "--save", "", "--appendonly", "no",
        )  # fmt: skip
        wait_for(lambda: run("redis-cli", "ping", check=False).returncode == 0)


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    sys.exit("timed out waiting")


def prepare_database(site=SITE, data_command="make_bench_data"):
    """Create the site's database if needed, migrate it and fill it (`data_command`
    does nothing when its data is there already)."""
    exists = run(
        "psql", "-h", HOST, "-U", "postgres", "-tAc",
        f"SELECT 1 FROM pg_database WHERE datname='{site.database}'",  # noqa: S608
    ).stdout.strip()  # fmt: skip
    if not exists:
        run("createdb", "-h", HOST, "-U", "postgres", site.database)
    log(f"database {site.database}: migrate, demo content, {data_command} (once) ...")
    dev = {"DJANGO_SETTINGS_MODULE": "academy.settings.dev"}
    manage("migrate", "--noinput", "-v0", env=dev, site=site)
    manage("load_demo", env=dev, site=site)
    started = time.monotonic()
    out = manage(data_command, env=dev, site=site).stdout.strip()
    log(f"  {out.splitlines()[-1] if out else ''} ({time.monotonic() - started:.0f} s)")
    manage("createcachetable", env=dev, site=site)
    log("collectstatic (production settings) ...")
    manage("collectstatic", "--noinput", "-v0", env=site.production_env(), site=site)


def setup_django(site=SITE):
    """This process reads the benchmark database directly (dev settings)."""
    os.environ.update(site.django_env())
    os.environ["DJANGO_SETTINGS_MODULE"] = "academy.settings.dev"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def scenario():
    """The users and URLs the benchmark uses, made ready in the database."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from wagtail.models import Locale

    from certificates.models import Certificate
    from courses import participation
    from courses.models import Enrolment, ModulePage, TipsPage, WorkshopPage
    from quizzes.models import Attempt, Quiz

    User = get_user_model()
    from allauth.account.models import EmailAddress

    trainer = User.objects.get(email="bench-trainer@example.com")
    EmailAddress.objects.update_or_create(
        user=trainer, email=trainer.email, defaults={"verified": True, "primary": True}
    )
    from academy.base.translations import sources

    # The Dutch course (records are kept on it); its English translation too.
    workshops = list(sources(WorkshopPage.objects.live()).order_by("path"))
    first = workshops[0]
    english = first.get_translation_or_none(Locale.objects.get(language_code="en"))
    english_modules = list(ModulePage.objects.child_of(english).live().order_by("path"))
    english_quiz_module = next(m for m in english_modules if m.quiz_id)
    modules = list(ModulePage.objects.child_of(first).live().order_by("path"))
    quiz_module = next(m for m in modules if m.quiz_id)
    # The dashboard: a participant with two workshops in progress, the same two
    # (the first two) in every benchmark database, however many workshops it has.
    busy = (
        Enrolment.objects.values("user")
        .annotate(
            n=Count("pk"), first_two=Count("pk", filter=Q(workshop__in=workshops[:2]))
        )
        .filter(n=2, first_two=2, user__email__startswith="deelnemer")
        .order_by("user")
        .first()
    )
    dashboard_user = User.objects.get(pk=busy["user"])
    # A certificate and its owner.
    owner = User.objects.get(email="deelnemer04999@example.com")
    for module in modules:
        participation.record_completion(owner, module)
    certificate = Certificate.objects.filter(user=owner, workshop=first).first()
    if certificate is None:
        sys.exit("no certificate was issued: check the benchmark data")
    # The journey's quizzes: every demo quiz, and one with an attempt limit.
    limited = Quiz.objects.get(pk=ModulePage.objects.child_of(workshops[-1]).live()
                               .filter(quiz__isnull=False).order_by("path")
                               .first().quiz_id)  # fmt: skip
    limited.max_attempts = 2
    limited.save()
    # The journey's participants start the limited quiz afresh (the generated
    # history was made without a limit).
    Attempt.objects.filter(
        user__email__in=[
            f"deelnemer{100 + n:05d}@example.com" for n in range(JOURNEY_USERS)
        ],
        quiz=limited,
    ).delete()
    # The submitting participants have not passed the benchmark's quiz (yet).
    Attempt.objects.filter(user__email__in=SUBMITTERS, quiz=quiz_module.quiz).delete()
    journey_modules = list(
        sources(ModulePage.objects.filter(depth=first.depth + 1).live()).order_by(
            "path"
        )
    )
    # The booster page: a participant with boosters of every module due, none
    # answered (the page shows the same booster until it is sent).
    from django.utils import timezone

    from boosters import logic as boosters
    from boosters.models import Booster, BoosterRound

    booster_user = User.objects.get(email="deelnemer04998@example.com")
    Booster.objects.filter(user=booster_user).delete()
    BoosterRound.objects.filter(user=booster_user).delete()
    for module in journey_modules:
        if module.quiz_id:
            boosters.schedule_boosters(
                booster_user, module.quiz, timezone.now() - timedelta(days=3)
            )
    return {
        "workshop_url": first.url,
        "workshop_id": first.pk,
        "stats_quiz_id": quiz_module.quiz_id,
        "tips_url": sources(TipsPage.objects.live()).first().url,
        "module_url": modules[1].url,
        "workshop_url_en": english.url,
        "tips_url_en": TipsPage.objects.live()
        .filter(locale__language_code="en")
        .first()
        .url,
        "module_url_en": english_modules[1].url,
        "quiz_module_id_en": english_quiz_module.pk,
        "quiz_module_id": quiz_module.pk,
        "quiz_answers": wrong_answers(quiz_module.quiz),
        "dashboard_user": dashboard_user.email,
        "submit_user": SUBMITTERS[0],
        "owner": owner.email,
        "certificate": certificate.code,
        "limited_quiz": limited.pk,
        "limited_max": limited.max_attempts,
        "journey_module_urls": [m.url for m in journey_modules],
        "journey_quiz_modules": [m.pk for m in journey_modules if m.quiz_id],
        "booster_user": booster_user.email,
    }


def wrong_answers(quiz):
    """A complete, failing answer set: retrying is allowed until one passes, so
    every submission of it stores a new attempt (the full write path)."""
    return [
        (f"q-{question.key}", next(o.key for o in question.options if not o.correct))
        for question in quiz.question_data()
    ]


# --- A small HTTP client: cookies by hand (the production cookies are Secure) -------


class Browser:
    def __init__(self, address="127.0.0.1", port=PORT):
        self.cookies = {}
        self.address = address
        self.port = port

    def connect(self, method, path, body=None, timeout=30, headers=()):
        """Send a request; the open connection (to read its response)."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        headers = {"X-Forwarded-For": self.address, **dict(headers)}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        connection.request(method, path, body=body, headers=headers)
        return connection

    def remember_cookies(self, response):
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if cookie_value in ("", '""'):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value

    def request(self, method, path, fields=None, timeout=30):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        headers = {"X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            fields = [
                *fields,
                ("csrfmiddlewaretoken", self.cookies.get("csrftoken", "")),
            ]
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        self.remember_cookies(response)
        return response.status, dict(response.getheaders()), content

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, fields)

    def log_in(self, email):
        self.get("/accounts/login/")
        status, headers, _ = self.post(
            "/accounts/login/", [("login", email), ("password", PASSWORD)]
        )
        if status != 302:
            raise RuntimeError(f"login of {email} failed: {status}")

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


# --- gunicorn ----------------------------------------------------------------------


class Server:
    """The site's gunicorn (gunicorn.conf.py, production settings), on its port."""

    app = "academy.wsgi"
    probe = "/livez"

    def __init__(self, site=SITE, name="gunicorn", env=None):
        RESULTS.mkdir(exist_ok=True)
        self.port = site.port
        self.log = open(RESULTS / f"{name}.log", "w")  # noqa: SIM115
        self.start_env = {
            **os.environ,
            "ACCESS_LOG": str(RESULTS / f"{name}-access.log"),
            **self.environment(site),
            **(env or {}),
        }
        self.process = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", self.app],
            cwd=ROOT,
            env=self.start_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self.answers, 60)

    def environment(self, site):
        run("redis-cli", "-u", site.redis_url, "flushdb")
        return site.production_env()

    def answers(self):
        try:
            return Browser(port=self.port).get(self.probe)[0] == 200
        except OSError:
            return False

    def workers(self):
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def memory_mb(self, pid, field="VmHWM"):
        """A worker's memory in MB (0 for a worker being replaced)."""
        status = Path(f"/proc/{pid}/status").read_text()
        found = re.search(rf"{field}:\s+(\d+) kB", status)
        return int(found.group(1)) / 1024 if found else 0

    def peak_memory_mb(self):
        return [self.memory_mb(pid) for pid in self.workers()]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


class FloorServer(Server):
    """The bare floor: benchmarks/floor.py (a Django view, no middleware, no
    database) in its own gunicorn, with the same gunicorn.conf.py and workers; no
    access log (that is a cost of the app, measured on /livez)."""

    app = "benchmarks.floor:application"
    probe = "/"

    def __init__(self, port=FLOOR_PORT):
        super().__init__(Site(port=port), name="gunicorn-floor")

    def environment(self, site):
        return {
            "PYTHONPATH": str(ROOT),
            "WEB_CONCURRENCY": WORKERS,
            "PORT": str(site.port),
            "LOG_LEVEL": "WARNING",
            "GUNICORN_MAX_REQUESTS": "0",
            "ACCESS_LOG": "off",
        }


# --- wrk ---------------------------------------------------------------------------

POST_SCRIPT = """
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  math.randomseed(os.time() * 100 + id)
end
local letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
function request()
  local token = {}
  for i = 1, 24 do
    local n = math.random(1, #letters)
    token[i] = letters:sub(n, n)
  end
  local user = USERS[math.random(1, #USERS)]
  local headers = {
    ["Cookie"] = user[1],
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  local body = BODY .. "&csrfmiddlewaretoken=" .. user[2]
  return wrk.format("POST", nil, headers, body .. "&submission=" .. table.concat(token))
end
"""


def wrk(path, cookie=None, post=None, port=PORT):
    """wrk on `path`; `post` = (form body, [(cookie header, csrf token)]) to POST
    the form as one of those users, with a new submission token each time."""
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    if post is not None:
        body, users = post
        script = RESULTS / "post.lua"
        users_lua = ", ".join(
            f"{{{json.dumps(cookie)}, {json.dumps(token)}}}" for cookie, token in users
        )
        script.write_text(
            f"BODY = {json.dumps(body)}\nUSERS = {{{users_lua}}}\n" + POST_SCRIPT
        )
        args += ["-s", str(script)]
    output = run(*args, f"http://{HOST}:{port}{path}").stdout
    return parse_wrk(output)


def parse_wrk(output):
    def duration_ms(text):
        number, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": duration_ms(latency["50"]),
        "p99_ms": duration_ms(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }


def queries(browser, method, path, fields=None):
    status, headers, _ = browser.request(method, path, fields)
    assert status < 400, (path, status)
    return int(headers.get("X-Query-Count", "-1"))


# --- The pages ---------------------------------------------------------------------


def page_list(s, port=PORT):
    """The measured pages: (name, kind, path, browser, POST body or None), with the
    browsers logged in to the server on `port`."""
    anonymous = Browser(port=port)
    dashboard_user, submitter, owner, boosted = (Browser(port=port) for _ in range(4))
    dashboard_user.log_in(s["dashboard_user"])
    boosted.log_in(s["booster_user"])
    submitter.log_in(s["submit_user"])
    owner.log_in(s["owner"])
    quiz = f"/modules/{s['quiz_module_id']}/quiz/"
    quiz_en = f"/en/modules/{s['quiz_module_id_en']}/quiz/"
    certificate = f"/certificates/{s['certificate']}/"
    credential = f"/certificates/{s['certificate']}"
    submitters = []
    for email in SUBMITTERS:
        browser = Browser(port=port)
        browser.log_in(email)
        submitters.append((browser.cookie_header(), browser.cookies["csrftoken"]))
    submit_post = (urllib.parse.urlencode(s["quiz_answers"]), submitters)
    return [
        ("floor (/livez)", "floor", "/livez", anonymous, None),
        ("home", "public", "/", anonymous, None),
        ("workshop", "public", s["workshop_url"], anonymous, None),
        ("tips", "public", s["tips_url"], anonymous, None),
        ("certificate verification", "public", certificate, anonymous, None),
        ("module (logged in)", "logged in", s["module_url"], dashboard_user, None),
        ("dashboard (2 workshops)", "logged in", "/dashboard/", dashboard_user, None),
        ("quiz page", "logged in", quiz, submitter, None),
        # The same pages in English (the translations of the Dutch course).
        ("home (en)", "public", "/en/", anonymous, None),
        ("workshop (en)", "public", s["workshop_url_en"], anonymous, None),
        ("tips (en)", "public", s["tips_url_en"], anonymous, None),
        (
            "module (logged in, en)",
            "logged in",
            s["module_url_en"],
            dashboard_user,
            None,
        ),
        ("dashboard (en)", "logged in", "/en/dashboard/", dashboard_user, None),
        ("quiz page (en)", "logged in", quiz_en, submitter, None),
        ("quiz submission", "submission", quiz, submitter, submit_post),
        ("booster (logged in)", "logged in", "/boosters/now/", boosted, None),
        ("certificate PDF", "heavy", certificate + "pdf/", owner, None),
        (
            "signed credential (JSON)",
            "credential",
            credential + ".json",
            anonymous,
            None,
        ),
        ("signed credential (JWT)", "credential", credential + ".jwt", anonymous, None),
        ("status list", "credential", "/certificates/status/1.json", anonymous, None),
    ]


def measure_page(s, page, port=PORT):
    """wrk on one page of page_list(); its row of figures."""
    name, kind, path, browser, body = page
    if body is None:
        for _ in range(3):
            browser.get(path)  # warm the caches, as a running site has them
        count = queries(browser, "GET", path)
    else:
        token = secrets.token_urlsafe(18)
        count = queries(
            browser, "POST", path, [*s["quiz_answers"], ("submission", token)]
        )
    cookie = None if body is not None else browser.cookie_header() or None
    result = wrk(path, cookie, body, port=port)
    log(
        f"  {name:28} {result['rps']:9.1f} req/s  p50 {result['p50_ms']:6.1f} ms"
        f"  p99 {result['p99_ms']:6.1f} ms  {count:2} queries"
        + (f"  {result['errors']} errors" if result["errors"] else "")
        + (f"  [{port}]" if port != PORT else "")
    )
    return {"page": name, "kind": kind, "path": path, "queries": count, **result}


def measure_pages(s, port=PORT):
    """Every page of page_list() in turn, /livez first and again at the end (the
    higher of the two counts, so no page looks better for a floor measured while
    the machine was still warming up)."""
    rows = [measure_page(s, page, port) for page in page_list(s, port)]
    again = wrk("/livez", port=port)
    log(f"  {'/livez again':28} {again['rps']:9.1f} req/s")
    rows[0]["rps_again"] = again["rps"]
    return rows


def measure_bare(port=FLOOR_PORT):
    """The bare floor's requests per second (benchmarks/floor.py)."""
    result = wrk("/", port=port)
    log(f"  {'bare floor (floor.py)':28} {result['rps']:9.1f} req/s")
    return result


def rate(rows, bare_rps):
    """Each row's share of the bare floor and of /livez (the first row), and
    whether it meets its target (TARGETS)."""
    livez = max(rows[0]["rps"], rows[0].get("rps_again", 0))
    for row in rows:
        row["share_bare"] = row["rps"] / bare_rps
        row["share_livez"] = row["rps"] / livez
        target = TARGETS.get(row["kind"])
        share = row["share_bare"] if target["of"] == "bare" else row["share_livez"]
        row["meets_target"] = (
            share >= target["ratio"]
            and (target["queries"] is None or row["queries"] <= target["queries"])
            and row["p99_ms"] < target["p99"]
            and row["errors"] == 0
        )
    return rows


def goal_text(kind):
    target = TARGETS[kind]
    of = "bare floor" if target["of"] == "bare" else "/livez"
    return (
        f"≥ {target['ratio']:.0%} of {of}"
        + (f", ≤ {target['queries']} q" if target["queries"] else "")
        + f", p99 < {target['p99']} ms"
    )


def time_verification(s):
    """The verification page's check of a signature, in this process (the same
    code the page runs): the median of 50, after a warm-up, for each proof. A
    Data Integrity proof is timed twice: for a credential seen before (its
    canonical form in the cache, as for every credential this site signed) and
    for one never seen (worked out by pyld each time)."""
    from django.core.cache.backends.dummy import DummyCache

    from certificates import credentials, signing, verification
    from certificates.models import Certificate

    certificate = Certificate.objects.select_related("user", "workshop").get(
        code=s["certificate"]
    )
    document = json.dumps(credentials.signed_credential(certificate))
    texts = [
        ("VC-JWT (EdDSA)", credentials.signed_jwt(certificate), False),
        ("Data Integrity (eddsa-rdfc-2022), seen before", document, False),
        ("Data Integrity (eddsa-rdfc-2022), never seen", document, True),
    ]
    rows = []
    shared = signing.cache
    for name, text, cold in texts:
        signing.cache = DummyCache("none", {}) if cold else shared
        try:
            assert verification.verify(text).verdict == verification.VALID, name
            timings = []
            for _ in range(50):
                started = time.perf_counter()
                verification.verify(text)
                timings.append((time.perf_counter() - started) * 1000)
        finally:
            signing.cache = shared
        rows.append({"proof": name, "median_ms": statistics.median(timings)})
    return rows


def time_report(s, port=PORT):
    trainer = Browser(port=port)
    trainer.log_in("bench-trainer@example.com")
    path = "/admin/reports/participant-progress/"
    trainer.get(path)
    timings = []
    for _ in range(7):
        started = time.perf_counter()
        status, headers, _ = trainer.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert status == 200, status
    return {
        "page": "trainer progress report, first page",
        "median_ms": statistics.median(timings),
        "queries": int(headers.get("X-Query-Count", "-1")),
    }


# --- The journey -------------------------------------------------------------------

FORM_FIELD = re.compile(r'name="(q-[\w-]+)" value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission" value="([^"]+)"')
RESULT_URL = re.compile(r"/quiz/attempts/(\d+)/")


class Journey:
    def __init__(self, s):
        self.s = s
        self.lock = threading.Lock()
        self.statuses = []  # (time since start, status or "connection error")
        self.acknowledged = {}  # submission token -> attempt id
        self.started = time.monotonic()
        self.started_at = datetime.now(UTC)
        self.deadline = self.started + JOURNEY_SECONDS

    def record(self, status):
        with self.lock:
            self.statuses.append((time.monotonic() - self.started, status))

    def call(self, browser, method, path, fields=None):
        try:
            status, headers, content = browser.request(method, path, fields, timeout=20)
        except OSError:
            self.record("connection error")
            return None, {}, b""
        self.record(status)
        return status, headers, content

    def take_quiz(
        self, browser, generator, module_id, twice=False, parallel_forms=False
    ):
        path = f"/modules/{module_id}/quiz/"
        forms = []
        for _ in range(2 if parallel_forms else 1):
            status, _, content = self.call(browser, "GET", path)
            html = content.decode()
            token = SUBMISSION.search(html)
            if status != 200 or token is None:
                return  # no attempts left, or an error (already counted)
            options = {}
            for name, value in FORM_FIELD.findall(html):
                options.setdefault(name, []).append(value)
            answers = [
                (name, generator.choice(values)) for name, values in options.items()
            ]
            forms.append([*answers, ("submission", token.group(1))])
        if twice:
            forms = forms * 2  # the same form sent twice at once
        with ThreadPoolExecutor(len(forms)) as pool:
            results = list(
                pool.map(lambda f: self.call(browser, "POST", path, f), forms)
            )
        for form, (status, headers, _) in zip(forms, results, strict=True):
            match = (
                RESULT_URL.search(headers.get("Location", ""))
                if status == 302
                else None
            )
            if match:
                with self.lock:
                    self.acknowledged[dict(form)["submission"]] = int(match.group(1))

    def participant(self, number):
        generator = random.Random(number)  # noqa: S311 - load pattern
        browser = Browser(
            address=f"10.{number // 250}.{number % 250}.{number % 200 + 1}"
        )
        email = f"deelnemer{number:05d}@example.com"
        try:
            browser.log_in(email)
        except (RuntimeError, OSError):
            self.record("login failed")
            return
        modules = self.s["journey_module_urls"]
        quizzes = self.s["journey_quiz_modules"]
        while time.monotonic() < self.deadline:
            self.call(browser, "GET", "/dashboard/")
            for path in generator.sample(modules, 2):
                self.call(browser, "GET", path)
            choice = generator.random()
            module_id = generator.choice(quizzes)
            if choice < 0.15:
                self.take_quiz(browser, generator, module_id, twice=True)
            elif choice < 0.3:
                self.take_quiz(
                    browser, generator, self.limited_module, parallel_forms=True
                )
            else:
                self.take_quiz(browser, generator, module_id)

    def run(self, restart_postgres=False):
        from courses.models import ModulePage

        self.limited_module = ModulePage.objects.get(quiz_id=self.s["limited_quiz"]).pk
        restart = None
        if restart_postgres:
            restart = threading.Thread(target=self.restart_postgres)
            restart.start()
        threads = [
            threading.Thread(target=self.participant, args=(100 + n,))
            for n in range(JOURNEY_USERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if restart:
            restart.join()

    def restart_postgres(self):
        time.sleep(JOURNEY_SECONDS / 3)
        self.outage_start = time.monotonic() - self.started
        run(
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            postgres_cluster(),
            "main",
            "restart",
        )
        self.outage_end = time.monotonic() - self.started

    def verdict(self):
        from django.db import connection
        from django.db.models import Count

        connection.close()  # it may be from before a PostgreSQL restart

        from quizzes.models import Attempt

        emails = [f"deelnemer{100 + n:05d}@example.com" for n in range(JOURNEY_USERS)]
        attempts = Attempt.objects.filter(user__email__in=emails)
        made = dict(
            attempts.filter(submitted_at__gte=self.started_at).values_list(
                "submission", "pk"
            )
        )
        lost = [t for t, pk in self.acknowledged.items() if made.get(t) != pk]
        duplicated = (
            attempts.values("user", "quiz", "submission")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
        )
        over_limit = (
            attempts.filter(quiz_id=self.s["limited_quiz"])
            .values("user").annotate(n=Count("pk")).filter(n__gt=self.s["limited_max"]).count()
        )  # fmt: skip
        server_errors = [
            (t, status) for t, status in self.statuses
            if not isinstance(status, int) or status >= 500
        ]  # fmt: skip
        result = {
            "participants": JOURNEY_USERS,
            "seconds": JOURNEY_SECONDS,
            "requests": len(self.statuses),
            "server_errors": len(server_errors),
            "attempts_acknowledged": len(self.acknowledged),
            "attempts_stored": len(made),
            "lost_attempts": len(lost),
            "duplicated_attempts": duplicated,
            "participants_over_attempt_limit": over_limit,
        }
        if hasattr(self, "outage_start"):
            recovered = self.outage_end + 2  # connections re-checked on next request
            start, end = self.outage_start, self.outage_end
            times = [t for t, _ in server_errors]
            result["postgres_restart"] = {
                "outage_s": [round(start, 1), round(end, 1)],
                "errors_before": sum(1 for t in times if t < start),
                "errors_during": sum(1 for t in times if start <= t < recovered),
                "errors_after": sum(1 for t in times if t >= recovered),
            }
        return result


# --- Report ------------------------------------------------------------------------


def floor_text(pages, bare):
    return (
        f"The bare floor (benchmarks/floor.py: one Django view, no middleware, no "
        f"database, its own gunicorn with the same settings and workers) is the "
        f"higher of two runs, first and last ({bare[0]:.0f} and {bare[1]:.0f} req/s); "
        f"/livez likewise ({pages[0]['rps']:.0f} and {pages[0]['rps_again']:.0f} "
        "req/s)."
    )


def page_table(pages):
    lines = [
        "| page | req/s | p50 ms | p99 ms | SQL queries | share of bare floor "
        "| share of /livez | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in pages:
        lines.append(
            f"| {row['page']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | "
            f"{row['p99_ms']:.1f} | {row['queries']} | {row['share_bare']:.1%} | "
            f"{row['share_livez']:.0%} | {goal_text(row['kind'])} "
            f"{'✓' if row['meets_target'] else '✗'} |"
        )
    return lines


def markdown(pages, bare, report, memory, journey, started, verify=()):
    lines = [
        f"# make bench, {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"gunicorn, 2 sync workers (no worker recycling), production settings, "
        f"PostgreSQL and Redis on 127.0.0.1; wrk, {CONNECTIONS} connections, "
        f"2 threads, {SECONDS} s per page; {os.cpu_count()} CPU cores shared by "
        "server, database and load generator.",
        "",
        floor_text(pages, bare),
        "",
        *page_table(pages),
    ]
    lines += [
        "",
        *[
            f"- signature check on the verification page, {row['proof']}: "
            f"{row['median_ms']:.2f} ms (median of 50; target ≤ {VERIFY_TARGET_MS} "
            f"ms) {'✓' if row['median_ms'] <= VERIFY_TARGET_MS else '✗'}"
            for row in verify
        ],
        f"- {report['page']}: {report['median_ms']:.0f} ms (median of 7), "
        f"{report['queries']} queries (target < {REPORT_TARGET_MS} ms)",
        "- gunicorn workers' peak memory (VmHWM): "
        + ", ".join(f"{mb:.0f} MB" for mb in memory)
        + f" (target < {MEMORY_TARGET_MB} MB)",
        "",
        f"Journey: {journey['participants']} participants for {journey['seconds']} s, "
        f"{journey['requests']} requests:",
        f"- server errors: {journey['server_errors']}",
        f"- attempts acknowledged / stored: {journey['attempts_acknowledged']} / "
        f"{journey['attempts_stored']}",
        f"- lost attempts: {journey['lost_attempts']}, duplicated attempts: "
        f"{journey['duplicated_attempts']}, participants over an attempt limit: "
        f"{journey['participants_over_attempt_limit']}",
    ]
    if "postgres_restart" in journey:
        r = journey["postgres_restart"]
        lines.append(
            f"- PostgreSQL restarted at {r['outage_s'][0]}-{r['outage_s'][1]} s: "
            f"server errors before {r['errors_before']}, during {r['errors_during']}, "
            f"after {r['errors_after']}"
        )
    return "\n".join(lines) + "\n"


def print_scenario():
    """`load.py scenario`: make the scenario ready in BENCH_DATABASE and print it
    as JSON (benchmarks/scale.py, which compares several databases, uses this)."""
    setup_django()
    from courses.reports import SORTS, STATUS_CHOICES

    print(
        json.dumps(
            {
                **scenario(),
                "report_sorts": list(SORTS),
                "report_statuses": [str(value) for value, _label in STATUS_CHOICES],
            }
        )
    )


def main():
    if sys.argv[1:] == ["scenario"]:
        return print_scenario()
    started = datetime.now(UTC)
    ensure_tools()
    ensure_services()
    prepare_database()
    setup_django()
    s = scenario()
    log("starting gunicorn (2 workers, production settings) and the bare floor ...")
    floor = FloorServer()
    server = Server()
    try:
        log(f"pages ({SECONDS} s each, {CONNECTIONS} connections):")
        bare = [measure_bare()["rps"]]
        pages = measure_pages(s)
        bare.append(measure_bare()["rps"])
        rate(pages, max(bare))
        report = time_report(s)
        log(
            f"  {report['page']}: {report['median_ms']:.0f} ms, "
            f"{report['queries']} queries"
        )
        log(f"journey: {JOURNEY_USERS} participants, {JOURNEY_SECONDS} s ...")
        journey = Journey(s)
        journey.run(restart_postgres=RESTART_POSTGRES)
        verify = time_verification(s)
        for row in verify:
            log(f"  verify, {row['proof']}: {row['median_ms']:.2f} ms")
        log(f"booster emails for {BOOSTER_PARTICIPANTS:,} participants ...")
        from benchmarks import booster_emails as boosters_at_scale

        booster_job = boosters_at_scale.measure(BOOSTER_PARTICIPANTS)
        log("  " + boosters_at_scale.text(booster_job))
        memory = server.peak_memory_mb()
    finally:
        server.stop()
        floor.stop()
    verdict = journey.verdict()
    text = markdown(pages, bare, report, memory, verdict, started, verify)
    text += boosters_at_scale.text(booster_job) + "\n"
    stamp = f"{started:%Y%m%d-%H%M%S}"
    data = {
        "started": started.isoformat(),
        "bare_floor_rps": bare,
        "pages": pages,
        "report": report,
        "verification": verify,
        "booster_emails": booster_job,
        "worker_peak_memory_mb": memory,
        "journey": verdict,
    }
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(data, indent=2))
    (RESULTS / f"bench-{stamp}.md").write_text(text)
    (RESULTS / "latest.md").write_text(text)
    print("\n" + text)
    log(f"written: bench-results/bench-{stamp}.json and .md (and latest.md)")


if __name__ == "__main__":
    main()
