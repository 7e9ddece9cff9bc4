"""Benchmark of the production server under load.

    .venv/bin/python bench/serve.py [--seconds 10] [--workers 2] [--concurrency 4]

Starts PostgreSQL (a throw-away server), fills it with 10,000 policies (300 owners) and 1,000
assessments in every state, starts the production server (scripts/serve.sh: gunicorn, DEBUG
off) with one extra bare Django view, then drives each page with wrk at the given concurrency
for a bounded time and prints requests per second, p50 and p95 per page, and each page's
requests per second as a fraction of the bare view's in the same run.

Needs wrk (apt-get install wrk) and PostgreSQL 15 binaries.
"""

import argparse
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
        "rps": rps,
        "p50": float(found["P50"]),
        "p95": float(found["P95"]),
        "errors": float(found["ERRORS"]) + (float(non_2xx.group(1)) if non_2xx else 0),
    }


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
        )
        manage(environment, "migrate", "--noinput")
        print(
            subprocess.run(
                [str(ROOT / ".venv/bin/python"), "bench/make_data.py"],
                cwd=ROOT,
                env=environment,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        with serving(environment, workers=options.workers) as server:
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
            results = []
            for name, path, who in pages:
                cookie = "; ".join(f"{c.name}={c.value}" for c in who.cookies)
                status = who.get(server.url + path, allow_redirects=False).status_code
                figures = wrk(
                    server.url + path,
                    cookie=cookie,
                    seconds=options.seconds,
                    concurrency=options.concurrency,
                )
                results.append((name, path, status, figures))
    finally:
        postgres.stop()

    bare = results[0][3]["rps"]
    print(
        f"\n{options.workers} gunicorn workers, PostgreSQL, 10,000 policies, 300 owners, "
        f"1,000 assessments; wrk at concurrency {options.concurrency} for {options.seconds} s"
    )
    print(f"{'page':<22} {'status':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'of bare':>9}")
    for name, _path, status, figures in results:
        share = figures["rps"] / bare if bare else 0
        print(
            f"{name:<22} {status:>6} {figures['rps']:>8.1f} {figures['p50']:>8.1f} "
            f"{figures['p95']:>8.1f} {'1/' + format(1 / share, '.0f') if share else '-':>9}"
            + (f"  ({figures['errors']:.0f} errors)" if figures["errors"] else "")
        )


if __name__ == "__main__":
    main()
