"""The My work page: what waits for the signed-in user, by role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from eqia.selectors import my_work


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"work": my_work(request.user)})
