from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from eqia import home

admin.site.site_header = "eqia administration"
admin.site.site_title = "eqia administration"

urlpatterns = [
    path("", home.home, name="home"),
    path("sign-in/", auth_views.LoginView.as_view(form_class=home.SignInForm), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("accessibility/", home.accessibility_statement, name="accessibility"),
    path("policies/", include("policies.urls")),
    path("assessments/", include("eqia.assessment_urls")),
    path("assessments/", include("workflow.urls")),
    path("audit/", include("eqia.audit_urls")),
    path("check/", include("eqia.check_urls")),
    path("admin/", admin.site.urls),
]
