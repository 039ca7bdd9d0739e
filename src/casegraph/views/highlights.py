"""Gap results as view highlights: node IRI -> the gaps found on that item."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from casegraph.errors import CaseGraphError
from casegraph.vocab import item_iri

if TYPE_CHECKING:
    from casegraph.dataset import CaseDataset

_KEYS = ("gap", "detail", "actor", "label", "evidence", "findings", "basis", "stated_by")


def gap_highlights(
    dataset: CaseDataset, only: Iterable[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Run the gap catalogue and map each reported item's IRI to its gaps.

    Args:
        dataset: the loaded cases.
        only: gap ids to run (see ``casegraph.gaps.registry.GAP_IDS``); all when None.

    Returns:
        ``{item IRI: [{gap, detail, actor?, label?, evidence?, findings?, basis,
        stated_by?}, ...]}``, ready
        for the ``highlights`` argument of the views; results are listed in the order the
        gap engine returns them.

    Raises:
        CaseGraphError: the gap engine is not available.
    """
    try:
        from casegraph.gaps.catalogue import gaps  # only when the gaps are highlighted
    except ImportError as exc:
        raise CaseGraphError(
            f"cannot highlight gaps: the gap engine is not available ({exc})"
        ) from None
    found: dict[str, list[dict[str, Any]]] = {}
    for result in gaps(dataset, only=list(only) if only is not None else None):
        entry = {}
        for key in _KEYS:
            value = getattr(result, key, None)
            if value is None and isinstance(result, dict):
                value = result.get(key)
            if value not in (None, "", [], ()):
                entry[key] = list(value) if isinstance(value, list | tuple) else value
        case = getattr(result, "case", None) or (
            result.get("case") if isinstance(result, dict) else None
        )
        entity = getattr(result, "entity", None) or (
            result.get("entity") if isinstance(result, dict) else None
        )
        found.setdefault(item_iri(str(case), str(entity)), []).append(entry)
    return found
