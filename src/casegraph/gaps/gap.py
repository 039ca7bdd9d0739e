"""What a gap declares in its home (``gaps/rules/<id>.py``, beside ``<id>.rq``).

A gap is one module: its query is the ``.rq`` file of the same name, and the module's
``GAP`` says everything else the rest of casegraph needs to know about it (the ids
list, the per-actor flag, the ontology's concept, the detail sentence, the plain
Python reading used as the synthetic corpus's truth, and the clauses of its rule).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from casegraph.read.casefile.spec import ENUMS

if TYPE_CHECKING:
    from casegraph.gaps.detail import Facts
    from casegraph.gaps.plain import CaseView, Result

# What an absence clause may rest on: the aspects a case can declare its sources
# silent on (``case.silent_on``), one closed list of the format.
ASPECTS = ENUMS["aspect"]


@dataclass(frozen=True)
class Clause:
    """One condition of a gap's rule and what it rests on.

    Args:
        name: the value the gap's query binds to ``?clause`` in the branch that tests
            this clause (a gap with one clause need not bind it).
        basis: ``"recorded"`` when it holds because of something the case records,
            ``"absence"`` when it holds because the case records nothing.
        text: the condition, in a reviewer's words (docs/gaps.md shows it).
        aspect: for an absence clause, the aspect of the sources it depends on (one of
            :data:`ASPECTS`): where a case is ``silent_on`` it, the clause does not
            match. None for a recorded clause, and for an absence clause that is
            always assessed.
    """

    name: str
    basis: Literal["recorded", "absence"]
    text: str
    aspect: str | None = None

    @property
    def recorded(self) -> bool:
        return self.basis == "recorded"


@dataclass(frozen=True)
class Gap:
    """One gap of the catalogue, declared once in its home module.

    Args:
        id: the gap id; the home is ``rules/<id with _ for ->.py`` and the query
            ``rules/<id>.rq``.
        order: its place in the catalogue (product.md's table order).
        entity: the kind of item a result reports (duty, event, concern, ...).
        label: what a result is, in a few words (the ontology's skos:prefLabel).
        definition: the rule, as product.md states it (skos:definition).
        detail: the sentence a result says, from the facts its query returned.
        truth: the rule read literally in plain Python over a case dict, yielding
            (entity, actor) pairs: the synthetic corpus's ground truth.
        per_actor: reported once per (entity, actor), the query binding ``?actor``.
        scope: which entity, when the kind alone is ambiguous ("the decision").
        clauses: the rule's clauses and what each rests on (docs/gaps.md, "Evidence
            basis"); a query with several binds ``?clause`` to their names.
    """

    id: str
    order: int
    entity: str
    label: str
    definition: str
    detail: Callable[[Facts], str]
    truth: Callable[[CaseView], Iterable[Result]]
    per_actor: bool = False
    scope: str = ""
    clauses: tuple[Clause, ...] = ()

    @property
    def scope_note(self) -> str:
        """What one result reports, e.g. "Reports one event (the decision)."."""
        scope = f" ({self.scope})" if self.scope else ""
        return f"Reports one {self.entity}{scope}."
