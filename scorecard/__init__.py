"""Alignment Scorecard: the weekly sales & marketing sync, versioned in git."""

__version__ = "0.1.0"
