"""The review queue page. PLACEHOLDER."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def review_queue_page(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
