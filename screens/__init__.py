"""The Textual app: ``screens.app.ScorecardApp`` and one module per screen or widget.

Layering: screens call the ``scorecard`` Workspace service and never touch SQL.
Only ``scorecard.cli.app.open_app`` imports this package, lazily, so headless
commands never load Textual.
"""
