from django.apps import AppConfig


class PublicationConfig(AppConfig):
    """Signed EqIAs published to the public: pages, feed, sitemap and the public Check page."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "publication"
    verbose_name = "Publication"
