"""Test settings: the real settings with a fast password hasher and plain static storage."""

import os

os.environ.setdefault("SECRET_KEY", "eqia-test-secret-key-not-for-production")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("EQIA_AUDIT_KEY", "eqia-test-audit-key-not-for-production")

if not os.environ.get("EQIA_SIGNING_PKCS12"):
    # A throw-away development key for this test run, so signed PDFs are made and checked.
    import tempfile
    from pathlib import Path

    from core.signing_keys import create_development_key

    TEST_SIGNING_KEY = create_development_key(
        Path(tempfile.mkdtemp(prefix="eqia-test-key-")), common_name="eqia test signing"
    )
    os.environ.update(TEST_SIGNING_KEY.settings())

from eqia.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Serve static files from the source folders, as in development, without a collectstatic step.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Stored files (signed PDFs, import staging) go to a throw-away folder, never into the project.
MEDIA_ROOT = __import__("pathlib").Path(__import__("tempfile").mkdtemp(prefix="eqia-test-media-"))
