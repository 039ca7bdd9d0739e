"""One exception hierarchy for casegraph, rooted at :class:`CaseGraphError`.

The library raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass


class CaseGraphError(Exception):
    """Root of every error casegraph raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an input file: where it is, which key, what is wrong and how to fix it."""

    path: str
    line: int
    message: str
    key: str = ""

    def __str__(self) -> str:
        where = f"{self.key}: " if self.key else ""
        return f"{self.path}:{self.line}: {where}{self.message}"


class InvalidInput(CaseGraphError):
    """One or more input files are invalid; nothing from them was loaded."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownNode(CaseGraphError):
    """A name given for a path or knowledge query matches no id or label."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no id or label matches {name!r}{hint}")


class WrongKind(UnknownNode):
    """A name matches an item, but of another kind than the question needs."""

    def __init__(self, name: str, found: str, wanted: list[str]):
        self.name = name
        self.suggestions = []
        needs = " or ".join(wanted)
        article = "an" if needs[:1] in "aeiou" else "a"
        found_article = "an" if found[:1] in "aeiou" else "a"
        CaseGraphError.__init__(
            self,
            f"{name!r} is {found_article} {found}, not {article} {needs}; "
            f"give {article} {needs}'s id or label",
        )


class AmbiguousNode(UnknownNode):
    """A name matches several items; the candidates are listed, none is picked."""

    def __init__(self, name: str, candidates: list[str], total: int | None = None):
        self.name = name
        self.suggestions = candidates
        total = len(candidates) if total is None else total
        more = f"; and {total - len(candidates)} more" if total > len(candidates) else ""
        qualified = " (as case-id/item-id)" if "/" in candidates[0] else ""
        CaseGraphError.__init__(
            self,
            f"{name!r} matches {total} items: {'; '.join(candidates)}{more}. "
            f"Give one of these ids{qualified}",
        )


class UnknownCase(CaseGraphError):
    """Case ids were asked for that the dataset does not hold (an empty selection)."""

    def __init__(self, unknown: list[str], known: list[str]):
        self.unknown = unknown
        listed = ", ".join(known[:20]) + (f" and {len(known) - 20} more" if len(known) > 20 else "")
        super().__init__(
            f"no case {', '.join(map(repr, unknown))}; the cases are: {listed or 'none'}"
        )


class InvalidArgument(CaseGraphError, ValueError):
    """A library function was given a value it cannot use (a threshold, a rate, a format).

    Also a ValueError, so code that checked for one before keeps working.
    """


class NoPath(CaseGraphError):
    """Both ends exist but no path joins them under the given constraints."""


class QueryError(CaseGraphError):
    """A SPARQL query could not be run (malformed, an update, or an unknown name)."""


class StoreError(CaseGraphError):
    """A store or endpoint could not be opened, read or written."""
