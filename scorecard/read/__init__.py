"""Read models: what the app, ``show`` and every export display, computed once.

Reads never write. :mod:`scorecard.read.records` finds and lists the stored
rows as domain records; :mod:`scorecard.read.week` builds the week at a glance.
"""
