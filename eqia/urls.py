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
    path("", home.home, name="home"),
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
    path("", include("workflow.health_urls")),
    path("admin/", admin.site.urls),
]
