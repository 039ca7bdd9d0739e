"""The gap registry: every gap's declaration, found in its home under ``gaps/rules/``.

Everything that lists the gaps reads it from here (the ids, the per-actor gaps, the
catalogue's order) or is checked against it by the test suite (the ontology's concept
scheme and the shapes' theme list, which ``python -m casegraph.gaps.generate``
rewrites). Adding a gap is adding its home; see docs/architecture.md.
"""

from __future__ import annotations

import functools
import pkgutil
from importlib import import_module

from casegraph.gaps import rules
from casegraph.gaps.gap import Gap


@functools.cache
def registry() -> dict[str, Gap]:
    """Every gap, by id, in catalogue order.

    Raises:
        TypeError: a module under ``gaps/rules/`` declares no ``GAP``, or declares one
            whose id does not match its file name (a programming error, not input).
    """
    found = []
    for module in pkgutil.iter_modules(rules.__path__):
        gap = getattr(import_module(f"{rules.__name__}.{module.name}"), "GAP", None)
        if not isinstance(gap, Gap) or gap.id.replace("-", "_") != module.name:
            wanted = module.name.replace("_", "-")
            raise TypeError(f"gaps/rules/{module.name}.py must declare GAP = Gap({wanted!r}, ...)")
        found.append(gap)
    return {gap.id: gap for gap in sorted(found, key=lambda gap: gap.order)}


GAP_IDS: tuple[str, ...] = tuple(registry())

# Gaps reported once per (entity, actor) rather than once per entity.
PER_ACTOR_GAPS = frozenset(gap.id for gap in registry().values() if gap.per_actor)
