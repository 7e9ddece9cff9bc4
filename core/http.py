"""The request a view gets once @login_required has let it through."""

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedRequest(HttpRequest):
    """An HttpRequest whose user is signed in: the type of every @login_required view's request
    (the pattern django-stubs documents). Only a type: Django still builds the request."""

    user: User
