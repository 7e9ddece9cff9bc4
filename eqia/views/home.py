"""The My work page: what waits for the signed-in user, by role; and the public
accessibility statement."""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.http import AuthenticatedRequest
from eqia.selectors import my_work


class SignInForm(AuthenticationForm):
    """Django's sign-in form without autofocus on the username: autofocus would take keyboard
    and screen reader users past the skip link and the page's heading (GOV.UK advises against
    it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "home.html", {"work": my_work(request.user)})


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Search engines index the published EqIAs (/published/, listed in /sitemap.xml) and
    nothing else of the service; every other page also says noindex itself (X-Robots-Tag)."""
    lines = [
        "User-agent: *",
        "Allow: /published/",
        "Allow: /sitemap.xml",
        "Disallow: /",
        f"Sitemap: {settings.EQIA_SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Public, as UK public sector bodies must publish it (PSBAR 2018)."""
    return render(
        request,
        "accessibility.html",
        {
            "contact_email": settings.EQIA_ACCESSIBILITY_CONTACT_EMAIL,
            "contact_phone": settings.EQIA_ACCESSIBILITY_CONTACT_PHONE,
        },
    )
