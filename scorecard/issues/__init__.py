"""The issues aggregate: what isn't working, raised, ranked and solved into commitments.

``model`` holds the records and their states, ``commands`` the writes (one
user action each, inside the caller's transaction), ``read`` the read models
(the ranked list, a week's and a range's issues, suggestions).
"""
