"""Benchmark of the production server under load.

    .venv/bin/python bench/serve.py [--seconds 10] [--workers 2] [--concurrency 4]

Starts PostgreSQL (a throw-away server), fills it with 10,000 policies (300 owners) and 1,000
assessments in every state, starts the production server (scripts/serve.sh: gunicorn, DEBUG
off, DATABASE_CONN_MAX_AGE=60 as docs/deploy.md recommends) with one extra bare Django view,
then drives each page with wrk at the given concurrency for a bounded time and prints requests
per second, p50 and p95 per page, and each page's requests per second as a fraction of the
bare view's in the same run (on a shared machine the absolute figures move with its load,
printed with them; the fractions much less).

Needs wrk (apt-get install wrk) and PostgreSQL 15 binaries.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pgserver import TemporaryPostgres  # noqa: E402
from tests.server import manage, production_environment, serving, sign_in  # noqa: E402

PASSWORD = "bench-password-2026"


def wrk(url: str, *, cookie: str, seconds: int, concurrency: int) -> dict[str, float]:
    command = [
        "wrk",
        f"-t{min(concurrency, 2)}",
        f"-c{concurrency}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-H",
        "X-Forwarded-Proto: https",
        "-H",
        f"Cookie: {cookie}",
        "-s",
        str(ROOT / "bench" / "percentiles.lua"),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]  # wrk always prints it
    found = dict(re.findall(r"^(P50|P95|REQS|ERRORS) ([\d.]+)$", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": float(found["REQS"]),
        "rps": rps,
        "p50": float(found["P50"]),
        "p95": float(found["P95"]),
        "errors": float(found["ERRORS"]) + (float(non_2xx.group(1)) if non_2xx else 0),
    }


def process_tree(root: int) -> list[int]:
    """The process and every process under it (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        tree.append(pid)
        waiting += children.get(pid, [])
    return tree


def cpu_seconds(root: int) -> float:
    """CPU time (user and system) used so far by a process and every process under it, those
    that have ended included (their parents' cutime and cstime): what a page costs whatever
    else the machine is doing."""
    ticks = 0
    for pid in process_tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/serve.py needs wrk: apt-get install wrk")

    postgres = TemporaryPostgres().start()
    try:
        postgres.create_database("bench")
        environment = production_environment(
            f"postgres://postgres@127.0.0.1:{postgres.port}/bench",
            DJANGO_SETTINGS_MODULE="bench.settings",
            EQIA_LOG_FORMAT="text",
            DATABASE_CONN_MAX_AGE="60",
            # Workers are not replaced during a run, so that their CPU time is counted whole.
            GUNICORN_MAX_REQUESTS="0",
        )
        manage(environment, "migrate", "--noinput")
        filled = subprocess.run(
            [str(ROOT / ".venv/bin/python"), "-m", "bench.make_data"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if filled.returncode != 0:
            sys.exit(f"bench/make_data.py failed:\n{filled.stdout}{filled.stderr}")
        print(filled.stdout.strip())
        load_before = os.getloadavg()
        with serving(environment, workers=options.workers, show_output=False) as server:
            print(f"the server's output (its access log among it): {server.log}")
            owner = sign_in(server, "bench-owner", PASSWORD)
            reviewer = sign_in(server, "bench-reviewer", PASSWORD)
            assessment = re.search(r'href="(/assessments/\d+/)"', owner.get(server.url + "/").text)
            pages = [
                ("bare Django view", "/bench/bare/", owner),
                ("register", "/policies/", owner),
                ("review queue", "/policies/queue/", owner),
                ("My work (owner)", "/", owner),
                ("My work (reviewer)", "/", reviewer),
                ("assessment page", assessment.group(1) if assessment else "/", owner),
                ("Actions page", "/actions/", reviewer),
            ]
            postmaster = int((postgres.data_dir / "postmaster.pid").read_text().split()[0])
            results = []
            for name, path, who in pages:
                cookie = "; ".join(f"{c.name}={c.value}" for c in who.cookies)
                status = who.get(server.url + path, allow_redirects=False).status_code
                app_cpu, db_cpu = cpu_seconds(server.process.pid), cpu_seconds(postmaster)
                figures = wrk(
                    server.url + path,
                    cookie=cookie,
                    seconds=options.seconds,
                    concurrency=options.concurrency,
                )
                served = max(figures["requests"], 1)
                figures["app_ms"] = (cpu_seconds(server.process.pid) - app_cpu) * 1000 / served
                figures["db_ms"] = (cpu_seconds(postmaster) - db_cpu) * 1000 / served
                results.append((name, path, status, figures))
    finally:
        postgres.stop()

    bare = results[0][3]["rps"]
    print(
        f"\n{options.workers} gunicorn workers, PostgreSQL, 10,000 policies, 300 owners, "
        f"1,000 assessments; wrk at concurrency {options.concurrency} for {options.seconds} s"
    )
    print(
        "load average (1, 5, 15 min) before: "
        + ", ".join(f"{x:.2f}" for x in load_before)
        + "; after: "
        + ", ".join(f"{x:.2f}" for x in os.getloadavg())
        + f"; {os.cpu_count()} CPUs"
    )
    print(
        f"{'page':<22} {'status':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'of bare':>9}"
        f" {'CPU ms/request: app':>20} {'db':>5}"
    )
    for name, _path, status, figures in results:
        share = figures["rps"] / bare if bare else 0
        print(
            f"{name:<22} {status:>6} {figures['rps']:>8.1f} {figures['p50']:>8.1f} "
            f"{figures['p95']:>8.1f} {'1/' + format(1 / share, '.0f') if share else '-':>9}"
            f" {figures['app_ms']:>20.1f} {figures['db_ms']:>5.1f}"
            + (f"  ({figures['errors']:.0f} errors)" if figures["errors"] else "")
        )
    print(
        "CPU ms/request: the gunicorn workers' and the PostgreSQL server's CPU time during the "
        "page's run, divided by its requests (steadier than req/s on a busy machine)."
    )


if __name__ == "__main__":
    main()
