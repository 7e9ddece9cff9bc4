"""Core holds no models. The module exists because Django sends post_migrate only to apps with
a models module, and core's handler grants administrators their permissions (core/apps.py)."""
