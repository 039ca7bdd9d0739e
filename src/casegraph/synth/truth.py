"""The synthetic corpus's ground truth: each gap's rule read literally in plain Python.

The rules are the ``truth`` functions of the gaps' homes (casegraph.gaps.rules), over
the helper notions of casegraph.gaps.plain; this module runs them all on one case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casegraph.gaps.plain import CaseView
from casegraph.gaps.registry import registry


def evaluate(data: Mapping[str, Any]) -> list[dict[str, str | None]]:
    """Every result the catalogue reports for one case, as truth rows.

    Args:
        data: one case, as built by :mod:`casegraph.synth` or as the checker
            normalises a case file (``CaseFile.data``).

    Returns:
        ``{"gap", "case", "entity", "actor"}`` rows, one per result (``actor`` is None
        except for the per-actor gaps), sorted by gap (catalogue order), entity, actor.
    """
    view = CaseView(data)
    rows: list[dict[str, str | None]] = []
    for gap in registry().values():
        found = sorted(set(gap.truth(view)), key=lambda r: (r[0], r[1] or ""))
        rows.extend(
            {"gap": gap.id, "case": view.case_id, "entity": e, "actor": a} for e, a in found
        )
    return rows


__all__ = ["evaluate"]
