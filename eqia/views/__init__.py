"""The assessment's content pages: the task list, a page per part, the action plan, and
starting an assessment. Each view parses the request, calls one service and renders."""
