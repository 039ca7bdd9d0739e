"""When each event of a synthetic case happened, and how its review writes the date.

Each event gets a true day; the review writes it to the day, the month, the year or
not at all, and chains events (``after``/``before``) wherever the written dates do not
prove their order, as real case files do.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casegraph.synth.builder import CaseBuilder


def written(day: date, precision: str) -> tuple[str, date, date]:
    """A day as a review might write it, with the interval the written date stands for."""
    if precision == "day":
        return day.isoformat(), day, day
    if precision == "month":
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return f"{day.year}-{day.month:02d}", first, following - timedelta(days=1)
    return str(day.year), date(day.year, 1, 1), date(day.year, 12, 31)


def assign_dates(b: CaseBuilder) -> None:
    """Give each event a true day, write it as precisely as a review might, and chain
    (after/before) wherever the written dates do not prove the order."""
    rng = b.rng
    day = date(2014, 1, 1) + timedelta(days=rng.randrange(365 * 7))
    prev: dict[str, Any] | None = None
    prev_latest: date | None = None
    for ev in b.story:
        lo, hi = ev["_gap"]
        day += timedelta(days=rng.randint(lo, hi))
        ev["_day"] = day
        if ev.get("_free"):
            continue
        roll = rng.random()
        kind = ev["kind"]
        if kind == "referral":
            precision = "day" if roll < 0.6 else "month"
        elif roll < 0.42:
            precision = "day"
        elif roll < 0.72:
            precision = "month"
        elif roll < 0.8 and kind != "decision":
            precision = "year"
        else:
            precision = None
        span = written(day, precision) if precision else None
        if span:
            ev["date"], ev["_earliest"] = span[0], span[1]
        if prev is not None:
            proven = span is not None and prev_latest is not None and span[1] > prev_latest
            if not proven:
                if rng.random() < 0.15:
                    prev.setdefault("before", []).append(ev["id"])
                else:
                    ev.setdefault("after", []).append(prev["id"])
            elif rng.random() < 0.05:
                ev.setdefault("after", []).append(prev["id"])
        prev, prev_latest = ev, span[2] if span else None
    tool_days = [e["_earliest"] for e in b.story if e.get("tool") == "vaf" and e.get("date")]
    if all(d < date(2024, 12, 1) for d in tool_days) and rng.random() < 0.5:
        b.tools[0]["superseded"] = "2024-12"
