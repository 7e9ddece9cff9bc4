"""The production settings plus one bare Django view, for bench/serve.py only: the view sets the
ceiling every page is measured against in the same run."""

from eqia.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
