"""The app as production runs it, for tests that need a real server: scripts/serve.sh (check
--deploy, migrate, collectstatic, gunicorn) in a child process, with DEBUG off, a real secret
key, the test signing key and its own database and folders."""

import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from core.signing_keys import create_development_key
from tests.pgserver import free_port

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"


def production_environment(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production server on plain HTTP behind a (pretend) TLS proxy:
    requests carry X-Forwarded-Proto: https, as the proxy would add."""
    folder = Path(tempfile.mkdtemp(prefix="eqia-production-"))
    keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    signing = {name: value for name, value in os.environ.items() if name.startswith("EQIA_SIGN")}
    if not signing.get("EQIA_SIGNING_PKCS12"):
        # Outside the test run (bench/serve.py): a throw-away key, as production needs one.
        signing = create_development_key(folder / "signing", common_name="eqia test").settings()
    return {
        **keep,
        **signing,
        "DJANGO_SETTINGS_MODULE": "eqia.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "EQIA_AUDIT_KEY": secrets.token_urlsafe(40),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "EQIA_BEHIND_HTTPS_PROXY": "1",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "EQIA_SITE_URL": "https://127.0.0.1",
        **extra,
    }


def manage(environment: dict[str, str], *arguments: str, debug: bool = False) -> str:
    """Run a management command in that environment (DEBUG on only where it must be, as for
    seed_demo); its output, or a failure with what it printed."""
    env = {**environment, **({"DEBUG": "1"} if debug else {})}
    result = subprocess.run(
        [str(PYTHON), "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(arguments)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result.stdout


class BehindTheProxy(requests.Session):
    """A browser behind the TLS proxy. The cookies are Secure, as they must be; the proxy speaks
    HTTPS to the browser and plain HTTP to the app, so this client sends them over plain HTTP
    as the proxy would (requests itself would keep Secure cookies back on plain HTTP)."""

    def __init__(self) -> None:
        super().__init__()
        self.headers["X-Forwarded-Proto"] = "https"

    def _with_cookies(self, prepared: requests.PreparedRequest) -> None:
        if self.cookies:
            prepared.headers["Cookie"] = "; ".join(f"{c.name}={c.value}" for c in self.cookies)

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        prepared = super().prepare_request(request)
        self._with_cookies(prepared)
        return prepared

    def rebuild_auth(
        self, prepared_request: requests.PreparedRequest, response: requests.Response
    ) -> None:
        super().rebuild_auth(prepared_request, response)  # each redirect's next request
        self._with_cookies(prepared_request)


@dataclass
class RunningServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    environment: dict[str, str] = field(repr=False)

    def session(self) -> requests.Session:
        """A browser-like session on this server, its requests as through the TLS proxy."""
        return BehindTheProxy()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def serving(
    environment: dict[str, str], *, workers: int = 2, show_output: bool = True
) -> Iterator[RunningServer]:
    """scripts/serve.sh on a free port until the block ends; fails with the server's output if
    it does not answer within a minute. Its output (the access log among it) is printed at the
    end unless ``show_output`` is off; it stays in ``server.log`` either way."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="eqia-serve-", suffix=".log")[1])
    env = {
        **environment,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["bash", "scripts/serve.sh"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    server = RunningServer(f"http://127.0.0.1:{port}", process, log, env)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"scripts/serve.sh stopped:\n{server.output()}")
            try:
                requests.get(
                    f"{server.url}/accessibility/",
                    headers={"X-Forwarded-Proto": "https"},
                    timeout=10,
                )
                break
            except (requests.ConnectionError, requests.Timeout):
                # Not listening yet, or its first request still loading on a busy machine.
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"scripts/serve.sh did not answer:\n{server.output()}"
                    ) from None
                time.sleep(0.3)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if show_output:
            print(server.output(), file=sys.stderr)


def sign_in(server: RunningServer, username: str, password: str) -> requests.Session:
    """A session signed in through the real sign-in page (CSRF token and all)."""
    session = server.session()
    page = session.get(f"{server.url}/sign-in/", timeout=10)
    token = session.cookies.get("csrftoken") or ""
    answer = session.post(
        f"{server.url}/sign-in/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"https://127.0.0.1:{server.url.rsplit(':', 1)[1]}/sign-in/"},
        timeout=10,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise AssertionError(f"{username} could not sign in: {answer.status_code} ({page.url})")
    return session
