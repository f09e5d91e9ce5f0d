"""The Textual app: ``screens.app.ScorecardApp`` and one module per screen or widget.

Layering: screens call the ``scorecard`` Workspace service and never touch SQL.
Nothing in ``scorecard`` imports this package: ``scorecard.cli.app`` names the
app (``APP``) and loads it only when it opens, so headless commands never load
Textual (import-linter checks both, see pyproject.toml).
"""
