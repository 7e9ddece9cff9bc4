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
