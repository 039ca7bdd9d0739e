"""Where case graphs live: query engines in memory (``engines``), the on-disk store
(``disk``), SPARQL endpoints (``remote``) and bulk loading into either (``ingest``).
"""
