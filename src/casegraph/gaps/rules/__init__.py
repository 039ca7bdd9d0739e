"""One home per gap: ``<id>.rq`` (the query) beside ``<id with _ for ->.py`` (the
declaration, ``GAP``: see casegraph.gaps.gap). casegraph.gaps.registry finds them.
"""
