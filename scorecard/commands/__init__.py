"""Commands: every change to the data, one module per aggregate.

Each command validates what the user typed, then writes in ONE transaction of
the :class:`~scorecard.store.Store`. The :class:`~scorecard.workspace.Workspace`
composes them into the service the CLI and the TUI call.
"""
