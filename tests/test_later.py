"""The linear-size "later" (casegraph.time.order.Chronology) against its definition.

Random chains of ``after``/``before`` links over events with partial dates (years,
months and days that overlap, undated events, long chains), some drawn on a hidden
timeline so they agree with it, some drawn at random so they often contradict
themselves. The oracle is tests/gapcheck_reference.py's ``later_closure``: the full
transitive closure of product.md's three relations.

- a case is reported as contradictory exactly when its closure has a cycle;
- on every consistent case, "F is later than E" by the bounds rule (links, or
  not_after(E) < not_before(F)) equals the closure, pair by pair;
- the order of :meth:`Chronology.ordered` never puts an event before one it is later than.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from gapcheck_reference import later_closure

from casegraph.time.dates import PartialDate, parse_date
from casegraph.time.order import Chronology, Timed

CASES = 4000


def _date(rng: random.Random, day: date) -> PartialDate:
    precision = rng.random()
    if precision < 0.15:
        return parse_date(f"{day.year}")
    if precision < 0.5:
        return parse_date(f"{day.year}-{day.month:02d}")
    return parse_date(day.isoformat())


def random_events(seed: int) -> dict[str, Timed]:
    """Events with partial dates and after/before links; consistent for even seeds."""
    rng = random.Random(seed)
    n = rng.randint(1, 14)
    ids = [f"e{i}" for i in range(n)]
    # The hidden timeline: days spread over two years, so year and month dates overlap.
    days = sorted(date(2018, 11, 1) + timedelta(days=rng.randint(0, 500)) for _ in ids)
    consistent = seed % 2 == 0
    events = {}
    for i, eid in enumerate(ids):
        when = _date(rng, days[i]) if rng.random() < 0.6 else None
        after: list[str] = []
        before: list[str] = []
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            if consistent:
                j = rng.randrange(n)
                if days[j] < days[i] or (days[j] == days[i] and j < i):
                    after.append(ids[j])
                elif j != i:
                    before.append(ids[j])
            elif rng.random() < 0.5:
                after.append(rng.choice(ids))
            else:
                before.append(rng.choice(ids))
        if consistent and i and rng.random() < 0.4:  # long chains
            after.append(ids[i - 1])
        events[eid] = Timed(when, after, before)
    return events


def _closure(events: dict[str, Timed]) -> dict[str, set[str]]:
    return later_closure({e: (t.date, t.after, t.before) for e, t in events.items()})


@pytest.mark.parametrize("block", range(4))
def test_bounds_rule_equals_the_closure(block: int) -> None:
    consistent_seen = contradictory_seen = ordered_by_dates_only = 0
    for seed in range(block * CASES // 4, (block + 1) * CASES // 4):
        events = random_events(seed)
        closure = _closure(events)
        chronology = Chronology(events)
        cyclic = any(e in closure[e] for e in events)
        assert bool(chronology.contradictions()) == cyclic, seed
        if cyclic:
            contradictory_seen += 1
            continue
        consistent_seen += 1
        for f in events:
            for e in events:
                assert chronology.is_later(f, e) == (e in closure[f]), (seed, f, e)
                if e in closure[f] and not chronology.chained(f, e):
                    ordered_by_dates_only += 1
        position = {e: n for n, e in enumerate(chronology.ordered())}
        assert all(position[e] < position[f] for f in events for e in closure[f]), seed
    # Both kinds of case, and pairs the links alone do not order, are exercised.
    assert consistent_seen > 400 and contradictory_seen > 100, (consistent_seen, contradictory_seen)
    assert ordered_by_dates_only > 1000


def test_the_bounds_are_the_latest_start_and_the_earliest_end() -> None:
    events = {
        "a": Timed(parse_date("2019-03")),
        "b": Timed(None, ["a"]),  # undated, after a
        "c": Timed(parse_date("2019"), ["b"], ["d"]),
        "d": Timed(parse_date("2019-06-10")),
        "lone": Timed(),
    }
    chronology = Chronology(events)
    assert chronology.not_before == {
        "a": date(2019, 3, 1),
        "b": date(2019, 3, 1),
        "c": date(2019, 3, 1),
        "d": date(2019, 6, 10),
    }
    assert chronology.not_after == {
        "a": date(2019, 3, 31),
        "b": date(2019, 6, 10),
        "c": date(2019, 6, 10),
        "d": date(2019, 6, 10),
    }
    assert chronology.is_later("d", "b") and chronology.chained("d", "b")  # c before d, c after b
    assert chronology.is_later("c", "a") and chronology.chained("c", "a")
    assert not chronology.is_later("lone", "a") and not chronology.is_later("a", "lone")
    assert not chronology.is_later("a", "a")


def test_a_date_contradiction_along_a_whole_chain_is_named() -> None:
    # z (2019-01) is chained after y, after x, and x is dated 2019-05: no single link
    # joins two dated events, but the chain turns their dates round.
    events = {
        "x": Timed(parse_date("2019-05")),
        "y": Timed(None, ["x"]),
        "z": Timed(parse_date("2019-01"), ["y"]),
    }
    (found,) = Chronology(events).contradictions()
    assert (found.event, found.key, found.other) == ("z", "after", "y")
    assert (found.dated, found.against) == ("z", "x")


def test_a_cycle_of_links_is_named_link_by_link() -> None:
    events = {
        "a": Timed(None, ["c"]),
        "b": Timed(None, ["a"], ["c"]),
        "c": Timed(),
        "d": Timed(None, ["b"]),  # after the cycle, not on it
        "self": Timed(None, ["self"]),
    }
    found = {(c.event, c.key, c.other) for c in Chronology(events).contradictions()}
    assert found == {
        ("a", "after", "c"),
        ("b", "after", "a"),
        ("b", "before", "c"),
        ("self", "after", "self"),
    }
