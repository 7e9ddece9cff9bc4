"""Settings for eqia, read from the environment with safe development defaults.

Every product setting starts with ``EQIA_``. See README.md for the full list.
"""

import datetime
import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "django-insecure-eqia-development-key-do-not-use-in-production"


def env_bool(name: str, default: bool = False) -> bool:
    """True or false from the environment; a typo is an error, never a silent False."""
    value = (os.environ.get(name) or "").strip().lower()
    if value == "":
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}")


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
    # The sitemap of the published EqIAs (publication/sitemaps.py) renders its own templates.
    "django.contrib.sitemaps",
    "guardian",
    "axes",
    "policies",
    "eqia",
    "workflow",
    "plans",
    "publication",
    "insight",
    # Last: its post_migrate handler grants administrators every app's permissions.
    "core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "core.logging.RequestLogMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside the session middleware: marks the session for saving when its expiry is due to be
    # renewed (once a minute), which the session middleware then does.
    "core.middleware.SessionRenewalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
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
                "eqia.context_processors.navigation",
                "insight.context_processors.navigation",
                "plans.context_processors.navigation",
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
        # A connection kept open (DATABASE_CONN_MAX_AGE) is checked before reuse, so a restarted
        # database costs a reconnection, not a failed request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database under concurrent use: readers never wait for the writer (WAL), a
    # transaction takes the write lock when it starts (IMMEDIATE), so two writers queue instead
    # of one failing half-way, and a writer waits up to 20 s for the lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler pays off for long reports, not for pages: it took the review
    # queue's scoring of 10,000 policies (a 20 ms query) for a costly one and spent 1.5 s
    # compiling it. A DATABASE_URL with ?options=... overrides this.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in while the account or the address is locked out.
    "axes.backends.AxesStandaloneBackend",
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
# Stored files (signed PDFs, spreadsheets waiting for confirmation): a folder (MEDIA_ROOT) by
# default; with several app servers, S3-compatible object storage they all share
# (EQIA_STORAGE=s3 and the AWS_* settings of django-storages; docs/deploy.md).
EQIA_STORAGE = os.environ.get("EQIA_STORAGE", "file")
if EQIA_STORAGE not in {"file", "s3"}:
    raise ImproperlyConfigured(f"EQIA_STORAGE must be file or s3, not {EQIA_STORAGE!r}")
DEFAULT_STORAGE: dict[str, object] = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # Stored files are never public: they are read through permission-checked views.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if EQIA_STORAGE == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
if EQIA_STORAGE == "s3" and not DEFAULT_STORAGE["OPTIONS"]["bucket_name"]:  # type: ignore[index]  # a dict just built
    raise ImproperlyConfigured("EQIA_STORAGE is s3 but AWS_STORAGE_BUCKET_NAME is not set")
STORAGES = {
    "default": DEFAULT_STORAGE,
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
# Signed out after this long without a request: requests renew the session, once a minute at
# most (core.middleware.SessionRenewalMiddleware), rather than writing it on every request.
# Sessions live in the database (the default engine), so every app server sees them.
SESSION_COOKIE_AGE = env_int("EQIA_SESSION_IDLE_MINUTES", 30) * 60
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# HTTPS, set from the environment where the app is served (docs/deploy.md). Behind a proxy
# that ends TLS, EQIA_BEHIND_HTTPS_PROXY=1 trusts its X-Forwarded-Proto header.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("EQIA_BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS preloading commits the council's whole domain to HTTPS in every browser: a decision for
# the council, not this app. Set SECURE_HSTS_PRELOAD=1 to opt in; the check stays quiet here.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
# Load balancers ask /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script or style anywhere (django-csp): every script and style is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# What the browser may use on these pages: nothing beyond the page itself.
EQIA_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Sign-in lockout (django-axes): after EQIA_SIGN_IN_FAILURE_LIMIT wrong passwords for one
# account, or from one address, sign-in is refused for EQIA_SIGN_IN_LOCKOUT_MINUTES (an
# administrator can unlock sooner: Django admin, Axes, Access attempts, delete).
AXES_FAILURE_LIMIT = env_int("EQIA_SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("EQIA_SIGN_IN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_FORM_FIELD = "username"
# How many proxies stand between the users and the app (the address is the one before them).
AXES_IPWARE_PROXY_COUNT = env_int("EQIA_PROXY_COUNT", 0) or None
# One rule for "which address is this request from", for lockouts and every throttle alike.
AXES_CLIENT_IP_CALLABLE = "core.throttle.sign_in_address"
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Logs go to standard error: plain text in development; one JSON object a line in production
# (EQIA_LOG_FORMAT=json|text), with a line for every request and every security event.
LOG_FORMAT = os.environ.get("EQIA_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Every request, and security events (refused moves, lockouts, failed checks).
        "eqia.requests": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
        "eqia.security": {"level": "INFO"},
        "axes": {"level": "WARNING"},  # failures and lockouts; not its start-up notes
    },
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
# A file is read in a child process with this much memory beyond the worker's, for this long
# (a signed EqIA needs a few megabytes and a fraction of a second).
EQIA_CHECK_MEMORY_LIMIT_MB = env_int("EQIA_CHECK_MEMORY_LIMIT_MB", 512)
EQIA_CHECK_TIME_LIMIT_SECONDS = env_int("EQIA_CHECK_TIME_LIMIT_SECONDS", 5)
# How many files one person (or, on the public page, one address) may check in the window.
EQIA_CHECK_LIMIT = env_int("EQIA_CHECK_LIMIT", 20)
EQIA_CHECK_WINDOW_SECONDS = env_int("EQIA_CHECK_WINDOW_SECONDS", 600)

# The audit trail's entries are chained with HMAC-SHA256 under this key, which the database
# does not hold: someone who can write to the database cannot forge an entry that checks.
# Required in production, and not the SECRET_KEY; keep it as safe as the signing key.
DEVELOPMENT_AUDIT_KEY = "eqia-development-audit-key-not-secret"
EQIA_AUDIT_KEY = os.environ.get("EQIA_AUDIT_KEY", "" if not DEBUG else DEVELOPMENT_AUDIT_KEY)
if not DEBUG and (not EQIA_AUDIT_KEY or EQIA_AUDIT_KEY == DEVELOPMENT_AUDIT_KEY):
    raise ImproperlyConfigured(
        "DEBUG is off but EQIA_AUDIT_KEY is not set: set it to a long random value of its own "
        "(not the SECRET_KEY), for example: python -c 'import secrets; "
        "print(secrets.token_urlsafe(48))'"
    )
if EQIA_AUDIT_KEY == SECRET_KEY:
    raise ImproperlyConfigured("EQIA_AUDIT_KEY must differ from SECRET_KEY")

# Publication of signed EqIAs on the public pages (/published/): "all" publishes every signed
# EqIA; "choose" lets the sign-off officer decide, giving a reason when one is not published.
# Read through eqia.publishing.publication_rule() only.
EQIA_PUBLICATION = (os.environ.get("EQIA_PUBLICATION") or "all").strip().lower()
if EQIA_PUBLICATION not in {"all", "choose"}:
    raise ImproperlyConfigured(f"EQIA_PUBLICATION must be all or choose, not {EQIA_PUBLICATION!r}")

# Reminder e-mails go to owners this many days before a review is due, and weekly once overdue.
EQIA_REMINDER_DAYS = [int(d) for d in env_list("EQIA_REMINDER_DAYS", "90,30,7")]
EQIA_OVERDUE_REMINDER_INTERVAL_DAYS = env_int("EQIA_OVERDUE_REMINDER_INTERVAL_DAYS", 7)
# Starting a policy's next EqIA within this many hours of its last sign-off asks to confirm
# (a second Start pressed by mistake); 0 never asks.
EQIA_RESTART_CONFIRM_HOURS = env_int("EQIA_RESTART_CONFIRM_HOURS", 24)
# Action reminders (send_action_reminders) go to an action's lead this many days before it is
# due, and once when it is overdue.
EQIA_ACTION_REMINDER_DAYS = env_int("EQIA_ACTION_REMINDER_DAYS", 14)
