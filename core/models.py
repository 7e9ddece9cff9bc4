"""What the service keeps about a person beyond Django's account.

(Core has models of its own; its post_migrate handler also grants administrators their
permissions, core/apps.py.)"""

from django.conf import settings
from django.db import models


class Profile(models.Model):
    """A person's job title: asked once, at their first sign-off, and shown with every sign-off
    on the assessment page, in the signed PDF and in its signature block."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    job_title = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.job_title or 'no job title'}"


class Attempt(models.Model):
    """One use of something that is limited per person or per address (core/throttle.py):
    kept in the database so that every app server counts the same attempts."""

    key = models.CharField(max_length=200)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="attempt_key_at")]

    def __str__(self) -> str:
        return f"{self.key} at {self.at:%Y-%m-%d %H:%M:%S}"
