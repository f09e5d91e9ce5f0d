"""``scorecard import``: actuals from CRM exports and spreadsheets.

- :mod:`.source`: the bytes (a file or stdin), the encoding and the separator,
  the table of cells with their line numbers;
- :mod:`.dates` and :mod:`.cells`: dates and numbers as CRMs write them, the
  convention decided once per column;
- :mod:`.shapes`: long (week, metric, value) and wide (a week column and a
  column per metric) files;
- :mod:`.mapped`: one metric from a CRM export, rows aggregated into ISO weeks;
- :mod:`.profiles`: mappings saved as ``[[imports]]`` in scorecard.toml;
- :mod:`.plan`: what an import would change (new / changed / unchanged), and
  writing it in one transaction.
"""
