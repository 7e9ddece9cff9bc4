"""Workflow models (the assessment's state log and audit trail) live here."""
