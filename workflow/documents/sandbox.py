"""Running a function on an untrusted file with hard limits: a child process (forked, so it
starts at once with everything already imported) whose address space and CPU time are capped,
killed when a wall-clock limit passes.

A PDF a few kilobytes long can declare a cross-reference stream that decompresses to hundreds
of megabytes and a table of millions of entries; read in the web worker, it takes the server
down. Read here, it costs the child its life and the person gets "could not be checked".

The child must not touch the database: it shares the parent's connection socket, so the
function given here works on bytes alone (the caller looks up the database afterwards), and the
child ends with os._exit so that nothing of the parent's is closed on its way out.
"""

import contextlib
import logging
import multiprocessing
import os
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from django.conf import settings

logger = logging.getLogger(__name__)
T = TypeVar("T")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _address_space_in_use() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * PAGE_SIZE


def _child(connection: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        extra = settings.EQIA_CHECK_MEMORY_LIMIT_MB * 1024 * 1024
        limit = _address_space_in_use() + extra
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        seconds = settings.EQIA_CHECK_TIME_LIMIT_SECONDS
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
        connection.send(("done", function(*args)))
    except BaseException as error:  # MemoryError, RecursionError...: the file wins, not us
        with contextlib.suppress(BaseException):
            connection.send(("failed", repr(error)[:500]))
    finally:
        connection.close()
        os._exit(0)


def run_limited(function: Callable[..., T], *args: Any) -> T | None:
    """``function(*args)`` in a child within EQIA_CHECK_MEMORY_LIMIT_MB more memory than this
    process uses and EQIA_CHECK_TIME_LIMIT_SECONDS; None when it failed or ran out of either.

    Where the machine cannot fork (not Linux), it runs here, unlimited, and says so in the log.
    """
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        logger.warning("No fork here: checking a file without memory and time limits")
        return function(*args)
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, function, args), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(settings.EQIA_CHECK_TIME_LIMIT_SECONDS):
            logger.warning("A file check ran out of time")
            return None
        outcome, value = receiver.recv()
    except (EOFError, OSError):
        logger.warning("A file check died (exit code %s)", child.exitcode)
        return None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=5)
    if outcome != "done":
        logger.warning("A file check failed: %s", value)
        return None
    result: T = value  # what ``function`` returned, through the pipe
    return result
