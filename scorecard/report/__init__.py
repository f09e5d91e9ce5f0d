"""Reports of a week or a range of weeks: Markdown, JSON and CSV.

``data`` gathers what a report shows from the Workspace (a handful of queries
over only the weeks needed); ``markdown`` and ``json_export`` render it.
Nothing here imports Textual.
"""
