"""Benchmark of the policy register at 10,000 policies, on SQLite and on PostgreSQL.

    .venv/bin/python bench/register.py            # both databases
    .venv/bin/python bench/register.py --db sqlite

Prints the import time of a 10,000-row CSV (target <= 5 s) and the median time and query
count of the register page and of the review queue page (target <= 300 ms each).
Each database is a scratch one, made for the run and thrown away.
"""

import argparse
import csv
import datetime
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POLICIES = 10_000
RUNS = 10
AREAS = [
    "Housing",
    "Planning",
    "Revenues and Benefits",
    "Environmental Health",
    "Waste and Recycling",
    "Leisure and Culture",
    "Licensing",
    "Community Safety",
    "Human Resources",
    "Customer Services",
    "Finance",
    "Democratic Services",
]


def register_csv(rows: int) -> bytes:
    rng = random.Random(2026)
    today = datetime.date.today()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "Reference",
            "Title",
            "Service area",
            "Owner email",
            "Type",
            "Status",
            "Last reviewed",
            "Review frequency (months)",
            "Next review",
            "Equality relevance",
            "Covenant function",
            "Document URL",
            "Notes",
        ]
    )
    for number in range(rows):
        last = today - datetime.timedelta(days=rng.randint(0, 2000))
        unknown = rng.random() < 0.05
        writer.writerow(
            [
                f"BEN-{number:05d}",
                f"Benchmark policy number {number} on a council service",
                rng.choice(AREAS),
                f"officer{number % 200}@example.gov.uk",
                rng.choice(["Policy", "Strategy", "Procedure", "Plan"]),
                "Active" if rng.random() < 0.95 else "Archived",
                "" if unknown else last.strftime("%d/%m/%Y"),
                rng.choice(["12", "24", "36", "60"]),
                "",
                rng.choice(["High", "Medium", "Low", "None", ""]),
                rng.choice(["", "", "", "Housing", "Education; Healthcare"]),
                f"https://www.example.gov.uk/policies/{number}",
                "",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def timed_pages(client, url: str) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and templates
    durations = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            durations.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(durations) * 1000, len(queries), len(response.content)


def run_one(database: str) -> None:
    """Runs in a child process whose DATABASE_URL points at the scratch database."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from policies.importing import import_policies

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as in production
    content = register_csv(POLICIES)
    start = time.perf_counter()
    result = import_policies(content=content, filename="bench.csv")
    import_seconds = time.perf_counter() - start
    assert result.created == POLICIES and not result.errors, result.summary_line()

    user = User.objects.create_user("bench", password="bench")
    client = Client()
    client.force_login(user)
    register_ms, register_queries, _ = timed_pages(client, "/policies/")
    queue_ms, queue_queries, _ = timed_pages(client, "/policies/queue/")
    print(f"[{database}] import of {POLICIES:,} rows: {import_seconds:.2f} s (target <= 5 s)")
    print(
        f"[{database}] register page: median {register_ms:.0f} ms over {RUNS} runs, "
        f"{register_queries} queries (target <= 300 ms)"
    )
    print(
        f"[{database}] review queue page: median {queue_ms:.0f} ms over {RUNS} runs, "
        f"{queue_queries} queries (target <= 300 ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args.db)
        return 0

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "eqia.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-" + "x" * 30,
        "ALLOWED_HOSTS": "testserver",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "ERROR",
    }
    from core.signing_keys import create_development_key

    env.update(create_development_key(Path(tempfile.mkdtemp(prefix="eqia-bench-key-"))).settings())
    status = 0
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as scratch:
            env["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
            env["STATIC_ROOT"] = scratch
            status |= subprocess.call(
                [sys.executable, __file__, "--db", "sqlite", "--child"], env=env
            )
    if args.db in ("postgres", "both"):
        from tests.pgserver import PostgresUnavailable, TemporaryPostgres

        try:
            server = TemporaryPostgres().start()
        except PostgresUnavailable as exc:
            print(f"[postgres] skipped: {exc}")
            return status
        try:
            server.create_database("bench")
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{server.port}/bench"
            with tempfile.TemporaryDirectory() as scratch:
                env["STATIC_ROOT"] = scratch
                status |= subprocess.call(
                    [sys.executable, __file__, "--db", "postgres", "--child"], env=env
                )
        finally:
            server.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
