"""A deterministic synthetic corpus modelled on England's Prevent pathway, with planted gaps.

Each case follows the pathway: a referral (school, college, police, health, social
care, a charity, a family member, ...), police Prevent screening, a Channel panel
(chaired by the local authority) deciding on adoption with the vulnerability
assessment framework, an intervention provider tasked with sessions, an exit
decision, reviews six and twelve months after exit, sometimes a re-referral, and
closure. The base case is free of every gap in the catalogue; gaps are then planted
at configurable rates, and the truth file lists exactly what the catalogue's rules
report for each case, computed by :mod:`casegraph.synth.truth` (so a plant's side
effects, e.g. an unaddressed concern also making the exit premature, are in it).

The same seed always gives byte-identical files.

Modules: ``vocab`` (word lists), ``builder`` (a case's items and the steps adding
them), ``pathway`` (the clean case, and the order a case is built in), ``duties``,
``chronology`` (dates), ``plants`` (the gaps), ``review`` (findings and sources),
``yamltext`` (the file's text), ``truth`` (the rules in plain Python) and ``corpus``.
"""

from __future__ import annotations

from casegraph.synth.corpus import CorpusSummary, case_path, generate_case, write_corpus
from casegraph.synth.plants import DEFAULT_RATES, resolve_rates
from casegraph.synth.yamltext import render

__all__ = [
    "DEFAULT_RATES",
    "CorpusSummary",
    "case_path",
    "generate_case",
    "render",
    "resolve_rates",
    "write_corpus",
]
