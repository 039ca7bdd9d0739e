"""The timeline's geometry: never against the "later" relation, a proportional axis, rows
instead of shifts, and per-actor gaps that name their actor.

The same measurements in a browser (label sizes, overlaps, the viewport) are in
test_view_browser.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_views import events_of

from casegraph.dataset import load
from casegraph.synth.corpus import generate_case
from casegraph.views import gap_highlights, network_view, timeline_view
from casegraph.views.placing import place_events, relation
from casegraph.vocab import item_iri

REAL = Path(__file__).resolve().parents[1] / "data" / "cases" / "prevent-amess-2014.yaml"

# The example of issue 14: a month-dated closure after a visit on the 16th of that month
# used to be drawn before it (at the middle of the month).
CLOSED_AFTER_VISIT = """\
casegraph: 1
case: {id: t, title: Order, subject: p}
actors:
  - {id: p, label: Person, type: subject}
  - {id: la, label: Council, type: local-authority}
events:
  - {id: visit, kind: meeting, date: 2020-04-16, by: la, with: [p]}
  - {id: closed, kind: closure, date: 2020-04, after: visit, by: la}
  - {id: same-day, kind: communication, date: 2020-04-16, after: visit, by: p, to: [la]}
"""


def x_of(net: Any) -> dict[str, float]:
    return {n["id"]: n["x"] for n in net.nodes if not n["cg"].get("marker")}


def assert_x_respects_later(graph: Any, net: Any) -> int:
    """Every pair the library's later relation orders is drawn left to right."""
    x = x_of(net)
    chron = relation(graph)
    pairs = 0
    for e in chron.dates:
        for f in chron.dates:
            if chron.is_later(f, e):
                assert x[e] < x[f], (e, f)
                pairs += 1
    return pairs


def test_a_month_dated_event_after_a_dated_day_is_drawn_after_it(
    write_case: Callable[..., Path],
) -> None:
    graph = load(write_case(CLOSED_AFTER_VISIT)).to_networkx()
    net = timeline_view(graph)
    x = x_of(net)
    visit, closed, same = (item_iri("t", e) for e in ("visit", "closed", "same-day"))
    assert x[visit] < x[closed]
    assert x[visit] < x[same]  # same day, but after the visit: nudged right
    assert assert_x_respects_later(graph, net) == 2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_timeline_never_contradicts_later_on_generated_cases(
    seed: int, write_case: Callable[..., Path]
) -> None:
    pairs = 0
    for index in range(12):
        text, _ = generate_case(index, seed=seed)
        graph = load(write_case(text, name=f"c{index}.yaml")).to_networkx()
        pairs += assert_x_respects_later(graph, timeline_view(graph))
    assert pairs > 300


def test_the_axis_is_proportional_to_time() -> None:
    graph = load(REAL).to_networkx()
    net = timeline_view(graph)
    scale = net.casegraph["px_per_day"]
    ticks = net.casegraph["ticks"]
    breaks = net.casegraph["breaks"]
    assert [b["label"] for b in breaks] == ["5 years"]
    widths = []
    for a, b in itertools.pairwise(ticks):
        if any(a["x"] < br["x0"] < b["x"] for br in breaks):
            continue  # a silence cut out of the axis
        days = (_tick_date(b) - _tick_date(a)).days
        assert days in (28, 29, 30, 31)
        assert b["x"] - a["x"] == pytest.approx(days * scale, abs=0.05)
        widths.append(b["x"] - a["x"])
    assert len(widths) > 20 and max(widths) / min(widths) == pytest.approx(31 / 28, rel=0.01)
    # Events stand where their moment falls on that same scale.
    placed = place_events(graph)
    x = x_of(net)
    dated = sorted((p for p in placed.values() if p.time is not None), key=lambda p: p.key)
    first = dated[0]
    assert first.time is not None
    for p in dated:
        if p.time is not None and p.time - first.time < 600:  # before the cut
            assert x[p.iri] - x[first.iri] == pytest.approx(
                (p.time - first.time) * scale, abs=NUDGE_TOLERANCE
            )


NUDGE_TOLERANCE = 8.0 * 3  # events at one moment that "later" orders stand 8 px apart


def _tick_date(tick: dict[str, Any]) -> date:
    return date.fromordinal(int(tick["t"]))


def test_crowded_events_of_a_lane_go_on_a_second_row() -> None:
    net = timeline_view(load(REAL).to_networkx())
    events = events_of(net)
    lanes = {lane["id"]: lane for lane in net.casegraph["lanes"]}
    channel = item_iri("prevent-amess-2014", "channel-panel")
    adoption, exit_ = events["channel-adoption"], events["channel-exit"]
    assert adoption["cg"]["lane"] == exit_["cg"]["lane"] == channel
    assert exit_["y"] > adoption["y"]  # labels would overlap on one row
    assert lanes[channel]["height"] > lanes[item_iri("prevent-amess-2014", "police")]["height"]


def test_per_actor_gaps_name_their_actor() -> None:
    dataset = load(REAL)
    graph = dataset.to_networkx()
    highlights = gap_highlights(dataset)
    for net in (timeline_view(graph, highlights=highlights), network_view(graph, highlights)):
        adoption = next(n for n in net.nodes if n["id"].endswith("/channel-adoption"))
        named = {
            g["actor_label"]
            for g in adoption["cg"]["gaps"]
            if g["gap"] == "excluded-knowledge-holder"
        }
        assert named == {"Ali\u2019s school (the referrer)", "Teachers at Ali\u2019s school"}
        assert "excluded-knowledge-holder (for Teachers at Ali\u2019s school)" in adoption["title"]
        # The sidebar lists the node's own gaps (those just checked), read from the node.
        listed = next(e for e in net.casegraph["gaps"] if e["id"] == "channel-adoption")
        assert listed["node"] == adoption["id"] and "gaps" not in listed
