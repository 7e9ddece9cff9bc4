"""Settings for eqia, read from the environment with safe development defaults.

Every product setting starts with ``EQIA_``. See README.md for the full list.
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "django-insecure-eqia-development-key-do-not-use-in-production"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development key. "
        "Set SECRET_KEY in the environment to a long random value (or DEBUG=1 for development)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "guardian",
    "policies",
    "eqia",
    "workflow",
    # Last: its post_migrate handler grants administrators every app's permissions.
    "core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "eqia.urls"
WSGI_APPLICATION = "eqia.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.council",
                "core.context_processors.navigation",
            ],
        },
    },
]
# Every form renders through the GOV.UK field templates in templates/forms/.
FORM_RENDERER = "core.forms.GovUKFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"  # never served publicly: stored files go through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

# E-mail: the console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "eqia@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Product settings -------------------------------------------------------------------------
EQIA_COUNCIL_NAME = os.environ.get("EQIA_COUNCIL_NAME", "Example District Council")
EQIA_SERVICE_NAME = os.environ.get("EQIA_SERVICE_NAME", "Equality impact assessments")
# Who to contact about the service's accessibility: the council sets these (accessibility page).
EQIA_ACCESSIBILITY_CONTACT_EMAIL = os.environ.get(
    "EQIA_ACCESSIBILITY_CONTACT_EMAIL", "accessibility@example.gov.uk"
)
EQIA_ACCESSIBILITY_CONTACT_PHONE = os.environ.get("EQIA_ACCESSIBILITY_CONTACT_PHONE", "")
# Address that links in e-mails start with, e.g. https://eqia.example.gov.uk
EQIA_SITE_URL = os.environ.get("EQIA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Review queue: a policy due within this many days counts as "due soon".
EQIA_REVIEW_DUE_SOON_DAYS = env_int("EQIA_REVIEW_DUE_SOON_DAYS", 90)
# Points added to a policy's review priority score. Override any of them with a JSON object
# in EQIA_QUEUE_WEIGHTS, e.g. '{"relevance_high": 40}'.
EQIA_QUEUE_WEIGHTS = {
    "review_unknown": 100,  # no review date on record
    "overdue": 100,  # plus overdue_per_day for each day past the date, up to overdue_cap_days
    "overdue_per_day": 0.25,
    "overdue_cap_days": 365,
    "due_soon": 50,  # falls linearly to 0 across the due-soon window
    "relevance_high": 30,
    "relevance_medium": 15,
    "relevance_low": 5,
    "relevance_none": 0,
    "relevance_unrated": 15,
    "covenant_function": 10,  # for each Covenant function (housing, education, healthcare)
    "no_signed_eqia": 25,  # the policy has never had an EqIA signed off
    "signed_eqia_stale": 15,  # its last signed EqIA is older than the last policy review
    "open_action": 3,  # for each open action in the last signed EqIA
    "negative_impact": 5,  # for each negative impact in the last signed EqIA
}
try:
    EQIA_QUEUE_WEIGHTS.update(json.loads(os.environ.get("EQIA_QUEUE_WEIGHTS", "{}")))
except (ValueError, TypeError) as exc:
    raise ImproperlyConfigured(f"EQIA_QUEUE_WEIGHTS is not a JSON object: {exc}") from exc
# Distinct EDI reviewers who must approve an assessment before it can be signed off.
EQIA_APPROVALS_REQUIRED = env_int("EQIA_APPROVALS_REQUIRED", 1)
# What the signing officer attests to at sign-off; a council may use its own words.
EQIA_ATTESTATION = os.environ.get(
    "EQIA_ATTESTATION",
    "I have read this assessment in full, I have had due regard to the Public Sector Equality "
    "Duty and, where it applies, the Armed Forces Covenant duty, and I agree with its outcome "
    "and actions.",
)
# The functions under the Armed Forces Covenant duty (Armed Forces Act 2021), by Covenant
# function. The list may widen: override it with a JSON object in EQIA_COVENANT_SCOPE.
EQIA_COVENANT_SCOPE = {
    "housing": [
        ("housing_allocations", "Allocations"),
        ("housing_tenancy_strategy", "Tenancy strategy"),
        ("housing_homelessness", "Homelessness"),
        ("housing_dfg", "Disabled facilities grants"),
    ],
    "education": [
        ("education_admissions", "Admissions"),
        ("education_send", "Special educational needs"),
        ("education_attendance", "Attendance"),
        ("education_transport", "Home-to-school transport"),
        ("education_wellbeing", "Wellbeing"),
    ],
    "healthcare": [
        ("healthcare_services", "Healthcare services the council provides or plans"),
    ],
}
try:
    EQIA_COVENANT_SCOPE.update(json.loads(os.environ.get("EQIA_COVENANT_SCOPE", "{}")))
except (ValueError, TypeError) as exc:
    raise ImproperlyConfigured(f"EQIA_COVENANT_SCOPE is not a JSON object: {exc}") from exc

# Signed PDFs (PAdES): the organisation's key and certificate as a PKCS#12 file, and the CA
# certificates (PEM) that verification trusts. `manage.py create_signing_key` makes a development
# pair; production refuses to start without one.
EQIA_SIGNING_PKCS12 = os.environ.get("EQIA_SIGNING_PKCS12", "")
EQIA_SIGNING_PASSPHRASE = os.environ.get("EQIA_SIGNING_PASSPHRASE", "")
EQIA_SIGNING_TRUST_ROOTS = env_list("EQIA_SIGNING_TRUST_ROOTS")
# In development, the key `create_signing_key` (or `seed_demo`) leaves in signing/ is used.
DEVELOPMENT_SIGNING_DIR = BASE_DIR / "signing"
if DEBUG and not EQIA_SIGNING_PKCS12:
    from core.signing_keys import CA_NAME, DEVELOPMENT_PASSPHRASE, PKCS12_NAME

    if (DEVELOPMENT_SIGNING_DIR / PKCS12_NAME).exists():
        EQIA_SIGNING_PKCS12 = str(DEVELOPMENT_SIGNING_DIR / PKCS12_NAME)
        EQIA_SIGNING_PASSPHRASE = EQIA_SIGNING_PASSPHRASE or DEVELOPMENT_PASSPHRASE
        EQIA_SIGNING_TRUST_ROOTS = EQIA_SIGNING_TRUST_ROOTS or [
            str(DEVELOPMENT_SIGNING_DIR / CA_NAME)
        ]
if not DEBUG and not (EQIA_SIGNING_PKCS12 and EQIA_SIGNING_TRUST_ROOTS):
    raise ImproperlyConfigured(
        "DEBUG is off but no signing key is configured: set EQIA_SIGNING_PKCS12, "
        "EQIA_SIGNING_PASSPHRASE and EQIA_SIGNING_TRUST_ROOTS "
        "(python manage.py create_signing_key makes a development key)."
    )
# Uploads to the "Check a signed EqIA" page larger than this are refused.
EQIA_CHECK_UPLOAD_MAX_BYTES = env_int("EQIA_CHECK_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)

# Reminder e-mails go to owners this many days before a review is due, and weekly once overdue.
EQIA_REMINDER_DAYS = [int(d) for d in env_list("EQIA_REMINDER_DAYS", "90,30,7")]
EQIA_OVERDUE_REMINDER_INTERVAL_DAYS = env_int("EQIA_OVERDUE_REMINDER_INTERVAL_DAYS", 7)
