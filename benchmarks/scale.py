"""`make bench-scale`: the same pages at 5,000 and at 100,000 participants.

1. The databases: `academy_bench` (5,000 participants, 30,000 attempts; as `make
   bench` builds it) and `academy_scale` (100,000 participants, 150,000 enrolments,
   1,000,000 attempts; `manage.py make_scale_data`, built once, then reused).
2. Two gunicorns (production settings, 2 sync workers each, one per database, Redis
   databases 3 and 4) and the bare floor (benchmarks/floor.py). Only one of them
   is loaded at a time.
3. The participant pages of `make bench` with wrk, each on the 5,000 database and
   then at once on the 100,000 one (so a change in the machine's load hits both),
   the bare floor first and last: requests per second, latency, queries, the share
   of the bare floor and of /livez, and the ratio 100,000 / 5,000.
4. The trainer side over HTTP as bench-trainer@example.com: the progress report
   (first page, each sort both ways, each status, one workshop), the quiz
   statistics (index, and one quiz over all its attempts), median of BENCH_RUNS;
   the CSV and XLSX exports of the progress report: rows a second, and how much the
   worker's memory (VmRSS, read from /proc while the file downloads) grows.
5. benchmarks/explain.py on the 100,000 database: EXPLAIN of every query of those
   pages, failing on a sequential scan of a table of more than 10,000 rows.

Writes bench-results/scale-<stamp>.json and .md, and scale-latest.md. The journey
of `make bench` (concurrent quiz submissions, the database checked afterwards) is
not run here: it tests correctness under load, not growth with the data.
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from io import BytesIO

import load
from load import PYTHON, RESULTS, ROOT, Browser, FloorServer, Server, Site, log

SMALL = Site(
    os.environ.get("BENCH_DATABASE", "academy_bench"),
    port=int(os.environ.get("BENCH_PORT", "8765")),
    redis_url="redis://127.0.0.1:6379/3",
)
LARGE = Site(
    os.environ.get("BENCH_SCALE_DATABASE", "academy_scale"),
    port=int(os.environ.get("BENCH_SCALE_PORT", "8766")),
    redis_url="redis://127.0.0.1:6379/4",
)
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# A download that takes longer is stopped, and its rate computed from what came.
EXPORT_SECONDS = int(os.environ.get("BENCH_EXPORT_SECONDS", "120"))
PARTICIPANT_PAGES = ("logged in", "submission")
PARTICIPANT_TOLERANCE = 0.10  # req/s at 100,000 within 10% of 5,000
REPORT_FIRST_MS = 300
REPORT_ANY_MS = 500
STATISTICS_MS = 500
EXPORT_ROWS_PER_SECOND = 20_000
FLAT_MEMORY_MB = 10  # the worker grows no more at 100,000 than at 5,000, + this
TRAINER = "bench-trainer@example.com"
PROGRESS = "/admin/reports/participant-progress/"


def scenario_of(site):
    """The scenario (load.scenario) made ready in the site's database, by a child
    process: each process of Django reads one database."""
    result = load.run(
        PYTHON,
        "benchmarks/load.py",
        "scenario",
        env={**site.django_env(), "BENCH_DATABASE": site.database},
    )
    s = json.loads(result.stdout.strip().splitlines()[-1])
    s["quiz_answers"] = [tuple(pair) for pair in s["quiz_answers"]]
    return s


# --- Participant pages -------------------------------------------------------------


def measure_pages(sites, scenarios):
    """{database: rows}: page by page, on each database in turn."""
    pages = {site.database: load.page_list(scenarios[site.database], site.port)
             for site in sites}  # fmt: skip
    rows = {site.database: [] for site in sites}
    for index in range(len(next(iter(pages.values())))):
        for site in sites:
            row = load.measure_page(
                scenarios[site.database], pages[site.database][index], site.port
            )
            rows[site.database].append(row)
    for site in sites:
        again = load.wrk("/livez", port=site.port)
        rows[site.database][0]["rps_again"] = again["rps"]
    return rows


# --- Trainer side ------------------------------------------------------------------


def trainer_pages(s):
    urls = [("progress report, first page", PROGRESS, REPORT_FIRST_MS)]
    for key in s["report_sorts"]:
        for sort in (key, f"-{key}"):
            urls.append((f"progress report, sort={sort}", f"{PROGRESS}?sort={sort}",
                         REPORT_ANY_MS))  # fmt: skip
    for status in s["report_statuses"]:
        urls.append((f"progress report, status={status}",
                     f"{PROGRESS}?status={status}", REPORT_ANY_MS))  # fmt: skip
    urls += [
        ("progress report, one workshop", f"{PROGRESS}?workshop=WORKSHOP",
         REPORT_ANY_MS),
        ("quiz statistics index", "/admin/reports/quiz-statistics/", None),
        ("one quiz's statistics, all attempts",
         "/admin/reports/quiz-statistics/QUIZ/?scope=all", STATISTICS_MS),
    ]  # fmt: skip
    return urls


def time_page(browser, path):
    timings, status, queries = [], None, None
    for _ in range(RUNS):
        started = time.perf_counter()
        try:
            status, headers, _ = browser.request("GET", path, timeout=600)
        except OSError as error:  # e.g. the worker was killed by its timeout
            status, headers = f"failed: {error!r}", {}
        timings.append((time.perf_counter() - started) * 1000)
        queries = int(headers.get("X-Query-Count", "-1"))
    return {"median_ms": statistics.median(timings), "status": status,
            "queries": queries, "runs": timings}  # fmt: skip


def measure_trainer(sites, scenarios):
    """{database: {page name: figures}} for the report pages, database by database
    for each page."""
    browsers = {}
    for site in sites:
        browsers[site.database] = Browser(port=site.port)
        browsers[site.database].log_in(TRAINER)
        browsers[site.database].get("/admin/")  # warm the admin (menus, ...)
    results = {site.database: {} for site in sites}
    for name, url, target in trainer_pages(scenarios[sites[0].database]):
        for site in sites:
            s = scenarios[site.database]
            path = url.replace("WORKSHOP", str(s["workshop_id"])).replace(
                "QUIZ", str(s["stats_quiz_id"])
            )
            figures = {**time_page(browsers[site.database], path), "target_ms": target,
                       "path": path}  # fmt: skip
            results[site.database][name] = figures
            log(
                f"  {name:44} {figures['median_ms']:8.0f} ms  "
                f"{figures['queries']:3} queries  [{site.database}]"
            )
    return results


class MemoryWatch:
    """Reads the workers' VmRSS every 20 ms while a download runs: how far the
    busiest one grew above where it started."""

    def __init__(self, server):
        self.server = server
        self.pids = server.workers()
        self.start = {pid: server.memory_mb(pid, "VmRSS") for pid in self.pids}
        self.peak = dict(self.start)
        self.running = True
        self.thread = threading.Thread(target=self.watch)
        self.thread.start()

    def watch(self):
        while self.running:
            for pid in self.pids:
                try:
                    rss = self.server.memory_mb(pid, "VmRSS")
                except (OSError, AttributeError):
                    continue
                self.peak[pid] = max(self.peak[pid], rss)
            time.sleep(0.02)

    def stop(self):
        """How far the busiest worker grew; its highest RSS (a worker killed by
        its timeout takes its own peak, VmHWM, with it)."""
        self.running = False
        self.thread.join()
        self.highest = max(self.peak.values())
        return max(self.peak[pid] - self.start[pid] for pid in self.pids)


def download(browser, server, path, kind):
    """One export: rows, seconds, rows a second, the worker's memory growth."""
    watch = MemoryWatch(server)
    started = time.perf_counter()
    complete = True
    connection = browser.connect("GET", path, timeout=EXPORT_SECONDS + 60)
    chunks, first_byte, status = [], None, None
    try:
        response = connection.getresponse()
        status = response.status
        while True:
            chunk = response.read1(65536)
            if not chunk:
                break
            if first_byte is None:
                first_byte = time.perf_counter() - started
            chunks.append(chunk)
            if time.perf_counter() - started > EXPORT_SECONDS:
                complete = False
                break
    except OSError as error:  # the worker was killed (its timeout), or went away
        status, complete = f"failed: {error!r}", False
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    growth = watch.stop()
    content = b"".join(chunks)
    if kind == "csv" and status == 200:
        rows = max(content.count(b"\n") - 1, 0)
    elif complete and status == 200:
        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(content), read_only=True).active
        rows = sum(1 for _row in sheet.iter_rows(values_only=True)) - 1
    else:
        rows = None
    return {
        "status": status,
        "rows": rows,
        "bytes": len(content),
        "seconds": seconds,
        "first_byte_s": first_byte,
        "rows_per_s": rows / seconds if rows else None,
        "memory_growth_mb": growth,
        "highest_rss_mb": watch.highest,
        "complete": complete,
    }


def measure_exports(sites, servers):
    results = {site.database: {} for site in sites}
    for kind in ("csv", "xlsx"):
        for site in sites:
            browser = Browser(port=site.port)
            browser.log_in(TRAINER)
            runs = [
                download(browser, servers[site.database], f"{PROGRESS}?export={kind}",
                         kind)
                for _ in range(RUNS)
            ]  # fmt: skip
            rates = [r["rows_per_s"] for r in runs if r["rows_per_s"]]
            figures = {
                "rows": runs[-1]["rows"],
                "rows_per_s": statistics.median(rates) if rates else None,
                "seconds": statistics.median(r["seconds"] for r in runs),
                "memory_growth_mb": max(r["memory_growth_mb"] for r in runs),
                "highest_rss_mb": max(r["highest_rss_mb"] for r in runs),
                "complete": all(r["complete"] for r in runs),
                "status": runs[-1]["status"],
                "runs": runs,
            }
            results[site.database][kind] = figures
            if not figures["complete"]:
                # A stopped download's worker may still be busy: a new one serves.
                time.sleep(1)
            log(
                f"  export {kind:5} {figures['rows'] or 0:8} rows "
                f"{figures['seconds']:6.1f} s  {figures['rows_per_s'] or 0:8.0f} rows/s"
                f"  memory +{figures['memory_growth_mb']:.0f} MB"
                + ("" if figures["complete"] else f"  (stopped: {figures['status']})")
                + f"  [{site.database}]"
            )
    return results


# --- EXPLAIN -----------------------------------------------------------------------


def explain(site):
    result = subprocess.run(  # noqa: S603
        [PYTHON, "benchmarks/explain.py"],
        cwd=ROOT,
        env={**os.environ, **site.django_env(),
             "DJANGO_SETTINGS_MODULE": "academy.settings.dev"},
        capture_output=True,
        text=True,
    )  # fmt: skip
    log(result.stdout.rstrip())
    if result.returncode not in (0, 1):
        log(result.stderr[-3000:])
    return {"passed": result.returncode == 0, "output": result.stdout}


# --- Report ------------------------------------------------------------------------


def mark(ok):
    return "✓" if ok else "✗"


def markdown(started, small, large, bare, pages, trainer, exports, memory, plans):
    s, big = small.database, large.database
    lines = [
        f"# make bench-scale, {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"`{s}` (5,000 participants) beside `{big}` (100,000 participants, "
        "1,000,000 attempts). gunicorn, 2 sync workers per database, production "
        f"settings; wrk {load.CONNECTIONS} connections, {load.SECONDS} s a page, "
        "each page on both databases one after the other; "
        f"{os.cpu_count()} CPU cores shared by servers, PostgreSQL and wrk. "
        f"Trainer pages: median of {RUNS} requests.",
        "",
        load.floor_text(pages[big], bare),
        "",
        "## Participant and public pages",
        "",
        "| page | req/s at 5,000 | req/s at 100,000 | 100k / 5k | p99 ms 5k / 100k "
        "| queries 5k / 100k | share of bare floor (100k) | share of /livez (100k) "
        "| targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for a, b in zip(pages[s], pages[big], strict=True):
        ratio = b["rps"] / a["rps"] if a["rps"] else 0
        goal = load.goal_text(b["kind"]) + f" {mark(b['meets_target'])}"
        if b["kind"] in PARTICIPANT_PAGES:
            goal += (
                f"; within {PARTICIPANT_TOLERANCE:.0%} of 5k "
                f"{mark(ratio >= 1 - PARTICIPANT_TOLERANCE)}"
            )
        lines.append(
            f"| {b['page']} | {a['rps']:.0f} | {b['rps']:.0f} | {ratio:.2f} | "
            f"{a['p99_ms']:.0f} / {b['p99_ms']:.0f} | {a['queries']} / "
            f"{b['queries']} | {b['share_bare']:.1%} | {b['share_livez']:.0%} | "
            f"{goal} |"
        )
    lines += [
        "",
        "## Trainer side",
        "",
        "| page | ms at 5,000 | ms at 100,000 | 100k / 5k | queries 5k / 100k "
        "| target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, b in trainer[big].items():
        a = trainer[s][name]
        target = b["target_ms"]
        goal = "—" if target is None else (
            f"≤ {target} ms {mark(b['median_ms'] <= target and b['status'] == 200)}"
        )  # fmt: skip
        status = "" if b["status"] == 200 else f" (HTTP {b['status']})"
        lines.append(
            f"| {name}{status} | {a['median_ms']:.0f} | {b['median_ms']:.0f} | "
            f"{b['median_ms'] / a['median_ms']:.1f} | {a['queries']} / "
            f"{b['queries']} | {goal} |"
        )
    lines += [
        "",
        "| export | rows 5k / 100k | rows/s at 5,000 | rows/s at 100,000 "
        "| worker memory growth 5k / 100k | targets |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for kind in ("csv", "xlsx"):
        a, b = exports[s][kind], exports[big][kind]
        fast = (b["rows_per_s"] or 0) >= EXPORT_ROWS_PER_SECOND and b["complete"]
        flat = b["memory_growth_mb"] <= a["memory_growth_mb"] + FLAT_MEMORY_MB
        lines.append(
            f"| {kind.upper()}{'' if b['complete'] else ' (stopped)'} | "
            f"{a['rows'] or '—'} / {b['rows'] or '—'} | {a['rows_per_s'] or 0:,.0f} | "
            f"{b['rows_per_s'] or 0:,.0f} | +{a['memory_growth_mb']:.0f} MB / "
            f"+{b['memory_growth_mb']:.0f} MB | ≥ {EXPORT_ROWS_PER_SECOND:,} rows/s "
            f"{mark(fast)}; flat memory {mark(flat)} |"
        )
    lines.append("")
    for database, peaks in memory.items():
        during = max(e["highest_rss_mb"] for e in exports[database].values())
        ok = max([*peaks, during]) < load.MEMORY_TARGET_MB
        lines.append(
            f"- worker peak memory on `{database}`: VmHWM at the end "
            + ", ".join(f"{mb:.0f} MB" for mb in peaks)
            + f"; highest RSS seen during the exports {during:.0f} MB"
            + f" (target < {load.MEMORY_TARGET_MB} MB {mark(ok)})"
        )
    lines += [
        "",
        "## Query plans at 100,000 (benchmarks/explain.py)",
        "",
        f"{mark(plans['passed'])} "
        + (
            "every query of the measured pages uses an index on the big tables."
            if plans["passed"]
            else "sequential scans of big tables:"
        ),
        "",
        "```",
        # The queries themselves are in the JSON file (explain.output).
        "\n".join(
            line
            for line in plans["output"].strip().splitlines()
            if not line.startswith("   query:")
        ),
        "```",
    ]
    return "\n".join(lines) + "\n"


def main():
    started = datetime.now(UTC)
    load.ensure_tools()
    load.ensure_services()
    sites = [SMALL, LARGE]
    load.prepare_database(SMALL, "make_bench_data")
    load.prepare_database(LARGE, "make_scale_data")
    scenarios = {}
    for site in sites:
        scenarios[site.database] = scenario_of(site)
    log("starting the bare floor and a gunicorn per database ...")
    timeout = {"GUNICORN_TIMEOUT": str(EXPORT_SECONDS + 30)}
    floor = FloorServer()
    servers = {}
    try:
        for site in sites:
            servers[site.database] = Server(
                site, name=f"gunicorn-{site.database}", env=timeout
            )
        log(f"pages ({load.SECONDS} s each, {load.CONNECTIONS} connections):")
        bare = [load.measure_bare()["rps"]]
        pages = measure_pages(sites, scenarios)
        bare.append(load.measure_bare()["rps"])
        for rows in pages.values():
            load.rate(rows, max(bare))
        log("trainer side:")
        trainer = measure_trainer(sites, scenarios)
        exports = measure_exports(sites, servers)
        memory = {db: server.peak_memory_mb() for db, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
        floor.stop()
    log(f"query plans on {LARGE.database} (benchmarks/explain.py) ...")
    plans = explain(LARGE)
    text = markdown(started, SMALL, LARGE, bare, pages, trainer, exports, memory, plans)
    stamp = f"{started:%Y%m%d-%H%M%S}"
    data = {
        "started": started.isoformat(),
        "databases": [site.database for site in sites],
        "bare_floor_rps": bare,
        "pages": pages,
        "trainer": trainer,
        "exports": exports,
        "worker_peak_memory_mb": memory,
        "explain": plans,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"scale-{stamp}.json").write_text(json.dumps(data, indent=2))
    (RESULTS / f"scale-{stamp}.md").write_text(text)
    (RESULTS / "scale-latest.md").write_text(text)
    print("\n" + text)
    log(f"written: bench-results/scale-{stamp}.json and .md (and scale-latest.md)")


if __name__ == "__main__":
    sys.exit(main())
