"""gunicorn's settings for eqia (scripts/serve.sh starts it with this file).

Every value can be overridden from the environment (GUNICORN_*), as docs/deploy.md describes.
"""

import gc
import multiprocessing
import os

# Where to listen: behind a reverse proxy on the same machine, 127.0.0.1:8000.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two workers a core, plus one: pages mostly wait on the database.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A sign-off renders and signs a PDF inside its request (about a second); an upload to the
# Check page is checked in a child process with its own time limit. 60 s leaves room for both.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then, so a slow leak can never build up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Logs to standard output and error, for systemd's journal or the container's log.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# The proxy in front sets X-Forwarded-For and X-Forwarded-Proto; trust it only from here.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the app once, before forking: workers share its memory and start at once.
preload_app = True


def pre_fork(server: object, worker: object) -> None:
    """Before each worker is forked from the loaded app: move everything loaded so far (Django,
    the app, its templates) out of the garbage collector's generations. Those objects live as
    long as the worker; without this every full collection scans them again, in every request
    that triggers one (and touching them copies the shared memory into each worker)."""
    gc.freeze()
