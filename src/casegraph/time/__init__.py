"""Time in a case: partial dates, and the "later" relation between events.

``dates`` parses partial dates into intervals, ``order`` computes which events are
provably later than which, and ``later`` attaches that relation to a NetworkX
projection. Nothing here reads files or stores.
"""
