"""The root URLconf. Apps below the assessment layer are included with their URL modules; the
workflow, which sits above it, by its dotted name (as INSTALLED_APPS names apps), so nothing
here imports it (docs/architecture.md)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.accounts import SiteAddressPasswordResetForm
from eqia.views import home, policy, queue
from policies import urls as register_urls

admin.site.site_header = "eqia administration"
admin.site.site_title = "eqia administration"

# The /policies/ pages: the register's own, and those showing a policy with its assessments.
policy_pages = [
    path("queue/", queue.review_queue_page, name="queue"),
    *register_urls.urlpatterns,
    path("<str:reference>/", policy.policy_detail, name="detail"),
    path("<str:reference>/sharing/", policy.policy_sharing, name="sharing"),
]

urlpatterns = [
    # The home page: the EDI group's (and administrators') in the insight app, My work
    # (eqia.views.home) for everyone else.
    path("", include("insight.home_urls")),
    path("sign-in/", auth_views.LoginView.as_view(form_class=home.SignInForm), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=SiteAddressPasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("robots.txt", home.robots_txt, name="robots_txt"),
    path("accessibility/", home.accessibility_statement, name="accessibility"),
    path("policies/", include((policy_pages, register_urls.app_name))),
    path("assessments/", include("eqia.assessment_urls")),
    path("actions/", include("eqia.action_urls")),
    path("assessments/", include("workflow.urls")),
    path("audit/", include("workflow.audit_urls")),
    path("check/", include("workflow.check_urls")),
    path("insight/", include("insight.urls")),
    # The published EqIAs, public (publication app): its pages, the staff page that withdraws
    # a publication, and the sitemap robots.txt names.
    path("published/", include("publication.urls")),
    path("assessments/", include("publication.assessment_urls")),
    path("sitemap.xml", include("publication.sitemap_urls")),
    # The equality objectives and action plan (plans app): its pages for staff, and the public
    # pages of published plans and progress reports.
    path("plans/", include("plans.urls")),
    path("equality-plans/", include("plans.public_urls")),
    path("", include("workflow.health_urls")),
    path("admin/", admin.site.urls),
]
