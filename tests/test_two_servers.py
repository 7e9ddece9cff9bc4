"""Two app servers, one database, one object store: what a council runs for resilience.

Both servers run scripts/serve.sh (gunicorn, DEBUG off) on their own ports and their own local
folders, against one PostgreSQL and one S3-compatible store (moto's server, started here) with
EQIA_STORAGE=s3. A person signed in on one is signed in on the other (sessions live in the
database); two sign-offs of one approved assessment sent to both at the same moment give one
signature, one signed PDF and one audit entry, the other officer being told it was already
signed off; the signed PDF is downloaded from the other server and checked there (and by
poppler's pdfsig where it is installed).
"""

import shutil
import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import psycopg
import pytest
import requests
from moto.server import ThreadedMotoServer

from tests.page import Element, parse
from tests.pgserver import PostgresUnavailable, TemporaryPostgres, free_port
from tests.server import RunningServer, manage, production_environment, serving, sign_in

pytestmark = pytest.mark.postgres_only

DEMO_PASSWORD = "demo-eqia-2026"
BUCKET = "eqia-two-servers"
REGION = "eu-west-2"
APPROVED_POLICY = "HR-002"  # the demo's approved assessment


@dataclass
class Deployment:
    a: RunningServer
    b: RunningServer
    database_url: str
    s3: Any  # a boto3 S3 client on the shared store
    media_roots: list[Path]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    try:
        postgres = TemporaryPostgres().start()
    except PostgresUnavailable as why:
        pytest.skip(f"the two-server test needs PostgreSQL: {why}")
    store_port = free_port()
    store = ThreadedMotoServer(ip_address="127.0.0.1", port=store_port, verbose=False)
    store.start()
    try:
        postgres.create_database("two")
        endpoint = f"http://127.0.0.1:{store_port}"
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        database_url = f"postgres://postgres@127.0.0.1:{postgres.port}/two"
        # One environment (the same keys, database and store), as two machines would share.
        shared = production_environment(
            database_url,
            EQIA_STORAGE="s3",
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=endpoint,
            AWS_S3_REGION_NAME=REGION,
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
        )
        manage(shared, "migrate", "--noinput")
        manage(shared, "seed_demo", debug=True)
        # Each machine its own disk: nothing may be kept there.
        media_roots = [tmp_path_factory.mktemp("media-a"), tmp_path_factory.mktemp("media-b")]
        machine_a = {**shared, "MEDIA_ROOT": str(media_roots[0])}
        machine_b = {
            **shared,
            "MEDIA_ROOT": str(media_roots[1]),
            "STATIC_ROOT": str(tmp_path_factory.mktemp("static-b")),
        }
        with ExitStack() as running, ThreadPoolExecutor(2) as pool:
            # Started side by side: each runs scripts/serve.sh (check, migrate, collectstatic).
            a, b = pool.map(
                lambda environment: running.enter_context(serving(environment, workers=1)),
                [machine_a, machine_b],
            )
            yield Deployment(a, b, database_url, s3, media_roots)
    finally:
        store.stop()
        postgres.stop()


def query(deployment: Deployment, sql: str, *params: object) -> list[tuple[object, ...]]:
    with psycopg.connect(deployment.database_url.replace("postgres://", "postgresql://")) as db:
        return db.execute(sql, params).fetchall()


def signed_pdfs_in_store(deployment: Deployment) -> list[str]:
    listed = deployment.s3.list_objects_v2(Bucket=BUCKET, Prefix="signed-eqias/")
    return [item["Key"] for item in listed.get("Contents", [])]


def https_referer(server: RunningServer, path: str) -> str:
    return f"https://127.0.0.1:{server.url.rsplit(':', 1)[1]}{path}"


def same_person_on(server: RunningServer, signed_in: requests.Session) -> requests.Session:
    """A browser carrying another server's session cookie (as a load balancer sends it)."""
    session = server.session()
    session.cookies.update(signed_in.cookies)
    return session


def sign_off_form(server: RunningServer, session: requests.Session, path: str) -> dict[str, str]:
    """What the officer sends from the sign-off page: its fields, with the attestation ticked."""
    page = session.get(server.url + path, timeout=30)
    assert page.status_code == 200, page.text[:500]
    forms = [
        f for f in parse(page.text).find_all("form") if f.find_all("input", name="attestation")
    ]
    assert len(forms) == 1
    data = {"attestation": "on", "comment": "Agreed."}
    field: Element
    for field in forms[0].find_all("input"):
        name, kind = field.attrs.get("name"), field.attrs.get("type", "text")
        if name and kind in {"hidden", "text"}:
            data.setdefault(name, field.attrs.get("value") or "Head of Policy")
    return data


def test_a_session_made_on_one_server_is_signed_in_on_the_other(deployment):
    on_a = sign_in(deployment.a, "owner", DEMO_PASSWORD)
    on_b = same_person_on(deployment.b, on_a)

    response = on_b.get(deployment.b.url + "/", timeout=30, allow_redirects=False)

    assert response.status_code == 200
    assert "Signed in as" in response.text


def test_both_servers_report_healthy_with_the_shared_store(deployment):
    for server in (deployment.a, deployment.b):
        response = requests.get(server.url + "/healthz", timeout=30)
        assert response.status_code == 200
        assert response.json()["checks"] == {
            "database": "ok",
            "storage": "ok",
            "signing_key": "ok",
        }


def test_two_sign_offs_at_once_give_one_signature_checked_on_the_other_server(deployment, tmp_path):
    ((pk,),) = query(
        deployment,
        "SELECT a.id FROM eqia_assessment a JOIN policies_policy p ON p.id = a.policy_id "
        "WHERE p.reference = %s AND a.state = 'approved'",
        APPROVED_POLICY,
    )
    path = f"/assessments/{pk}/sign-off/"
    officer_a = sign_in(deployment.a, "signoff", DEMO_PASSWORD)
    officer_b = same_person_on(deployment.b, officer_a)
    forms = {
        "a": sign_off_form(deployment.a, officer_a, path),
        "b": sign_off_form(deployment.b, officer_b, path),
    }
    signed_before = len(signed_pdfs_in_store(deployment))

    barrier = threading.Barrier(2)
    answers: dict[str, requests.Response] = {}

    def sign_off(name: str, server: RunningServer, session: requests.Session) -> None:
        barrier.wait()
        answers[name] = session.post(
            server.url + path,
            data=forms[name],
            headers={"Referer": https_referer(server, path)},
            allow_redirects=False,
            timeout=60,
        )

    threads = [
        threading.Thread(target=sign_off, args=("a", deployment.a, officer_a)),
        threading.Thread(target=sign_off, args=("b", deployment.b, officer_b)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)

    statuses = sorted(answer.status_code for answer in answers.values())
    assert statuses == [200, 302], {name: a.text[:300] for name, a in answers.items()}
    won = next(name for name, answer in answers.items() if answer.status_code == 302)
    lost = "b" if won == "a" else "a"
    assert answers[won].headers["Location"] == f"/assessments/{pk}/"
    assert "This assessment was already signed off by Sam Sinclair" in answers[lost].text

    # One signature: one signed PDF in the shared store, one audit entry, one signed state.
    assert len(signed_pdfs_in_store(deployment)) == signed_before + 1
    assert query(
        deployment,
        "SELECT count(*) FROM workflow_auditentry WHERE assessment_id = %s "
        "AND to_state = 'signed_off'",
        pk,
    ) == [(1,)]
    ((state, stored_name),) = query(
        deployment, "SELECT state, signed_pdf FROM eqia_assessment WHERE id = %s", pk
    )
    assert state == "signed_off"
    assert stored_name in signed_pdfs_in_store(deployment)
    # Nothing was kept on either machine's own disk.
    for media_root in deployment.media_roots:
        assert [p for p in media_root.rglob("*") if p.is_file()] == []

    # Downloaded from the server that did not sign it, and checked there.
    other = deployment.b if won == "a" else deployment.a
    reader = officer_b if won == "a" else officer_a
    download = reader.get(f"{other.url}/assessments/{pk}/signed.pdf", timeout=30)
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    check_page = reader.get(other.url + "/check/", timeout=30)
    assert check_page.status_code == 200
    checked = reader.post(
        other.url + "/check/",
        data={"csrfmiddlewaretoken": reader.cookies.get("csrftoken") or ""},
        files={"file": ("signed.pdf", download.content, "application/pdf")},
        headers={"Referer": https_referer(other, "/check/")},
        timeout=60,
    )
    assert checked.status_code == 200
    verdict = parse(checked.text).find(id="verdict")
    assert verdict is not None
    assert "This is a valid signed EqIA" in verdict.text

    if shutil.which("pdfsig"):
        pdf = tmp_path / "signed.pdf"
        pdf.write_bytes(download.content)
        help_text = subprocess.run(["pdfsig", "-h"], capture_output=True, text=True).stderr
        options = ["-nocert"] if "-nocert" in help_text else []
        result = subprocess.run(["pdfsig", *options, str(pdf)], capture_output=True, text=True)
        assert "Signature Validation: Signature is Valid." in result.stdout + result.stderr
