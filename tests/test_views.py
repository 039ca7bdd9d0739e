"""The HTML views as objects: nodes, edges, looks, highlights, timeline layout, escaping.

Browser behaviour (offline, drawing, XSS not running) is in test_view_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
import statistics
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import MINIMAL
from conftest import cli_outputs as run

from casegraph.dataset import load
from casegraph.views import (
    gap_highlights,
    network_view,
    show,
    timeline_view,
    to_html,
    write_html,
)
from casegraph.views.style import EVENT_KINDS, GAP_BORDER, TYPES
from casegraph.vocab import case_iri, item_iri

CASE = "fictional-2019-a"

XSS_CASE = """\
casegraph: 1
case:
  id: xss-case
  title: "<script>window.__xssTitle = 1</script> Smith & <b>Jones</b>"
  subject: subj
  period: {start: 2020-01, end: 2020-12}
sources:
  - id: src
    title: "</script><script>window.__xssSource = 1</script>"
    kind: other
actors:
  - id: subj
    label: "<img src=x onerror=\\"window.__xss = 1; alert(1)\\">"
    type: subject
  - id: agency
    label: "Agency <a href='javascript:alert(1)'>href</a>"
    type: police
events:
  - id: e1
    kind: referral
    date: 2020-01
    by: agency
    to: [subj]
    summary: "<!-- c --> line\\u2028sep <svg onload=alert(1)>"
    source: {ref: src, quote: "<img src=x onerror=window.__xssQuote=1>"}
  - id: e2
    kind: decision
    date: 2020-03
    by: agency
    outcome: "</SCRIPT><img src=x onerror=window.__xssOutcome=1>"
"""
XSS_LABEL = '<img src=x onerror="window.__xss = 1; alert(1)">'


def iri(item: str, case: str = CASE) -> str:
    return item_iri(case, item)


@pytest.fixture(scope="module")
def minimal_graph() -> nx.MultiDiGraph:
    return load(MINIMAL).to_networkx()


def by_id(net: Any) -> dict[str, dict[str, Any]]:
    return {node["id"]: node for node in net.nodes}


def embedded_json(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


# -- network view --------------------------------------------------------------------------


def test_network_view_has_one_node_per_graph_node_and_one_edge_per_edge(
    minimal_graph: nx.MultiDiGraph,
) -> None:
    net = network_view(minimal_graph)
    assert len(net.nodes) == minimal_graph.number_of_nodes() == 20
    assert len(net.edges) == minimal_graph.number_of_edges() == 27
    assert {n["id"] for n in net.nodes} == set(minimal_graph.nodes)
    assert net.num_nodes() == 20  # pyvis's own bookkeeping agrees
    assert {(e["from"], e["to"]) for e in net.edges} == set(minimal_graph.edges())
    assert net.cdn_resources == "in_line"


def test_network_view_shapes_and_colours_by_type_and_kind(
    minimal_graph: nx.MultiDiGraph,
) -> None:
    nodes = by_id(network_view(minimal_graph))
    expected = {
        "adoption": ("diamond", EVENT_KINDS["decision"][1]),
        "referral": ("triangle", EVENT_KINDS["referral"][1]),
        "mentoring-1": ("dot", EVENT_KINDS["intervention"][1]),
        "withdrawal": ("hexagon", "#ffbe7d"),
        "keep-referrer-informed": ("box", TYPES["duty"][1]),
        "vaf-2012": ("triangleDown", TYPES["tool"][1]),
        "f1": ("box", TYPES["finding"][1]),
        "r1": ("box", TYPES["recommendation"][1]),
        "review": ("box", TYPES["source"][1]),
        "police-prevent": ("ellipse", "#b3d4ef"),
        "school": ("ellipse", "#fdd0a2"),
    }
    for item, (shape, fill) in expected.items():
        node = nodes[iri(item)]
        assert (item, node["shape"], node["color"]["background"]) == (item, shape, fill)
    assert nodes[case_iri(CASE)]["shape"] == "star"
    decisions = {n["shape"] for n in nodes.values() if n["cg"]["kind"] == "decision"}
    others = {n["shape"] for n in nodes.values() if n["cg"]["type"] == "event"} - decisions
    assert decisions == {"diamond"} and "diamond" not in others


def test_network_view_edges_are_labelled_by_relation(minimal_graph: nx.MultiDiGraph) -> None:
    edges = network_view(minimal_graph).edges
    labels = {(e["from"], e["to"], e["label"]) for e in edges}
    assert (iri("referral"), iri("police-prevent"), "to") in labels
    assert (iri("withdrawal"), iri("mentoring-1"), "addressed by") in labels
    assert (iri("case-ownership"), iri("police-prevent"), "accountable holder") in labels
    # members and chair between the same two nodes: the second one curves away.
    panel = [
        e for e in edges if e["from"] == iri("channel-panel") and e["to"] == iri("local-authority")
    ]
    assert len(panel) == 2 and sum("smooth" in e for e in panel) == 1


def test_network_view_legend_lists_what_is_present_with_counts(
    minimal_graph: nx.MultiDiGraph,
) -> None:
    net = network_view(minimal_graph)
    legend = net.casegraph["legend"]
    assert [g["key"] for g in legend] == [
        "case",
        "source",
        "actor",
        "event",
        "concern",
        "duty",
        "tool",
        "finding",
        "recommendation",
    ]
    assert sum(item["count"] for g in legend for item in g["items"]) == len(net.nodes)
    events = next(g for g in legend if g["key"] == "event")
    assert [i["label"] for i in events["items"]] == [
        "referral",
        "tasking",
        "decision",
        "intervention",
    ]


def test_network_view_title_and_period(minimal_graph: nx.MultiDiGraph) -> None:
    net = network_view(minimal_graph)
    assert net.casegraph["title"] == "Handling of Person A's referral, 2019-2020"
    assert net.casegraph["period"] == "Mar 2019 \u2013 Nov 2020"
    assert network_view(minimal_graph, title="Mine").casegraph["title"] == "Mine"


def test_network_view_side_panel_data(minimal_graph: nx.MultiDiGraph) -> None:
    nodes = by_id(network_view(minimal_graph))
    referral = nodes[iri("referral")]["cg"]
    assert referral["sources"] == [{"ref": "review", "quote": "referred", "locator": "p. 3"}]
    assert referral["when"] == "Mar 2019"
    assert "“referred” (review, p. 3)" in nodes[iri("referral")]["title"]
    adoption = nodes[iri("adoption")]["cg"]
    assert ["rationale", "Ideological concerns warranted support"] in adoption["texts"]
    assert ["risk", "medium"] in adoption["facts"]


def test_network_view_without_highlights_has_no_badges(minimal_graph: nx.MultiDiGraph) -> None:
    net = network_view(minimal_graph)
    assert not any("badge" in n for n in net.nodes)
    assert net.casegraph["gaps"] == []
    assert all(n["color"]["border"] != GAP_BORDER for n in net.nodes)


def test_network_view_highlights_gap_nodes(minimal_graph: nx.MultiDiGraph) -> None:
    highlights = {
        iri("mentor-tasking"): [
            {"gap": "delivery-shortfall", "detail": "1 of 2 sessions delivered."},
            {"gap": "failed-communication", "detail": "The tasking was miscommunicated."},
        ],
        item_iri("another-case", "x"): [{"gap": "responsibility-gap", "detail": "elsewhere"}],
    }
    net = network_view(minimal_graph, highlights=highlights)
    nodes = by_id(net)
    tasking = nodes[iri("mentor-tasking")]
    assert tasking["badge"] == "⚠ 2"
    assert tasking["color"]["border"] == GAP_BORDER
    assert tasking["borderWidth"] == 4
    assert "⚠ delivery-shortfall: 1 of 2 sessions delivered." in tasking["title"]
    assert [g["gap"] for g in tasking["cg"]["gaps"]] == [
        "delivery-shortfall",
        "failed-communication",
    ]
    assert sum("badge" in n for n in net.nodes) == 1
    assert [(e["id"], e["node"]) for e in net.casegraph["gaps"]] == [
        ("mentor-tasking", iri("mentor-tasking"))
    ]


def test_gaps_resting_only_on_an_absence_are_drawn_apart(minimal_graph: nx.MultiDiGraph) -> None:
    highlights: dict[str, list[dict[str, Any]]] = {
        iri("mentor-tasking"): [
            {
                "gap": "delivery-shortfall",
                "detail": "short",
                "basis": "stated",
                "stated_by": ["f1"],
            },
            {"gap": "failed-communication", "detail": "lost", "basis": "absent"},
        ],
        iri("adoption"): [
            {"gap": "unrecorded-rationale", "detail": "no rationale", "basis": "absent"},
        ],
    }
    nodes = by_id(network_view(minimal_graph, highlights=highlights))
    mixed, absent = nodes[iri("mentor-tasking")], nodes[iri("adoption")]
    # A stated or recorded gap: solid red outline and a ⚠ badge.
    assert mixed["badge"] == "⚠ 2" and "badgeAbsent" not in mixed
    assert "borderDashes" not in mixed.get("shapeProperties", {})
    assert mixed["color"]["border"] == GAP_BORDER
    # Only absences: dashed outline, "?" badge, another colour (not colour alone).
    assert absent["badge"] == "? 1" and absent["badgeAbsent"] is True
    assert absent["shapeProperties"]["borderDashes"] == [6, 4]
    assert absent["color"]["border"] != GAP_BORDER
    assert "? unrecorded-rationale [absent]: no rationale" in absent["title"]
    # The side panel says the basis of each gap.
    panel = {g["gap"]: g["basis_text"] for g in mixed["cg"]["gaps"]}
    assert panel == {
        "delivery-shortfall": "stated by the reviewer (f1)",
        "failed-communication": "absent: rests only on something not being recorded "
        "(the sources may not say)",
    }


def test_gap_highlights_from_the_gap_engine() -> None:
    highlights = gap_highlights(load(MINIMAL))
    gaps = {g["gap"] for g in highlights[iri("mentor-tasking")]}
    assert {"delivery-shortfall", "failed-communication"} <= gaps
    assert {g["basis"] for g in highlights[iri("mentor-tasking")]} == {"recorded", "absent"}
    only = gap_highlights(load(MINIMAL), only=["delivery-shortfall"])
    assert list(only) == [iri("mentor-tasking")]
    assert only[iri("mentor-tasking")][0]["detail"]


def test_gap_highlights_maps_results_to_item_iris(monkeypatch: pytest.MonkeyPatch) -> None:
    class Result:
        def __init__(self, gap: str, entity: str, actor: str | None = None):
            self.gap, self.case, self.entity, self.actor = gap, CASE, entity, actor
            self.detail, self.evidence = f"{gap} on {entity}", ["a", "b"]

    calls = []

    def fake_gaps(dataset: Any, only: Any = None) -> list[Result]:
        calls.append(only)
        return [
            Result("broken-feedback-loop", "referral", "teacher"),
            Result("unrecorded-rationale", "referral"),
        ]

    monkeypatch.setitem(
        sys.modules, "casegraph.gaps.catalogue", types.SimpleNamespace(gaps=fake_gaps)
    )
    found = gap_highlights(object(), only=("broken-feedback-loop",))  # type: ignore[arg-type]
    assert calls == [["broken-feedback-loop"]]
    assert found == {
        iri("referral"): [
            {
                "gap": "broken-feedback-loop",
                "detail": "broken-feedback-loop on referral",
                "actor": "teacher",
                "evidence": ["a", "b"],
            },
            {
                "gap": "unrecorded-rationale",
                "detail": "unrecorded-rationale on referral",
                "evidence": ["a", "b"],
            },
        ]
    }


# -- timeline ------------------------------------------------------------------------------


def events_of(net: Any) -> dict[str, dict[str, Any]]:
    return {n["cg"]["id"]: n for n in net.nodes if not n["cg"].get("marker")}


def test_timeline_has_every_event_in_the_lane_of_who_did_it(
    minimal_graph: nx.MultiDiGraph,
) -> None:
    net = timeline_view(minimal_graph)
    events = events_of(net)
    assert sorted(events) == ["adoption", "mentor-tasking", "mentoring-1", "referral"]
    lanes = {lane["id"]: lane for lane in net.casegraph["lanes"]}
    assert net.casegraph["lanes"][0]["id"] == iri("person-a")  # the subject's lane first
    for event, actor in [
        ("referral", "teacher"),
        ("adoption", "channel-panel"),
        ("mentor-tasking", "local-authority"),
        ("mentoring-1", "mentor"),
    ]:
        lane = lanes[iri(actor)]
        assert events[event]["cg"]["lane"] == iri(actor)
        assert abs(events[event]["y"] - lane["y"]) < lane["height"] / 2
    assert lanes[iri("teacher")]["label"] == "Teacher"
    assert net.options["physics"]["enabled"] is False
    assert events["adoption"]["shape"] == "diamond"


def test_timeline_draws_hand_overs_as_arrows_into_the_receiving_lane(
    minimal_graph: nx.MultiDiGraph,
) -> None:
    net = timeline_view(minimal_graph)
    nodes = by_id(net)
    lanes = {lane["id"]: lane for lane in net.casegraph["lanes"]}
    links = {
        (e["from"], nodes[e["to"]]["cg"]["actor"], e["cg"]["relation"]): (e, nodes[e["to"]])
        for e in net.edges
    }
    edge, marker = links[(iri("referral"), iri("police-prevent"), "to")]
    assert edge["arrows"]["to"]["enabled"] and edge["dashes"] is False
    assert marker["x"] == nodes[iri("referral")]["x"]
    police = lanes[iri("police-prevent")]
    assert abs(marker["y"] - police["y"]) < police["height"] / 2
    edge, _ = links[(iri("mentoring-1"), iri("person-a"), "with")]
    assert not edge["arrows"]["to"]["enabled"] and edge["dashes"]
    assert (iri("adoption"), iri("police-prevent"), "consulted") in links
    assert len(net.edges) == 4


def test_timeline_orders_events_by_date_and_chain(minimal_graph: nx.MultiDiGraph) -> None:
    events = events_of(timeline_view(minimal_graph))
    x = {name: node["x"] for name, node in events.items()}
    # referral 2019-03, adoption 2019-05, undated tasking after adoption, session 2019-06.
    assert x["referral"] < x["adoption"] < x["mentor-tasking"]
    assert x["adoption"] < x["mentoring-1"]
    assert events["mentor-tasking"]["label"].endswith("\nundated")


def write_events(write_case: Callable[..., Path], events: str) -> nx.MultiDiGraph:
    text = f"""\
casegraph: 1
case: {{id: t, title: Timeline test, subject: p, period: {{start: 2018, end: 2022}}}}
actors:
  - {{id: p, label: Person, type: subject}}
  - {{id: a, label: Agency A, type: police}}
  - {{id: b, label: Agency B, type: local-authority}}
events:
{events}"""
    return load(write_case(text)).to_networkx()


def test_timeline_places_partial_dates_and_undated_events(
    write_case: Callable[..., Path],
) -> None:
    graph = write_events(
        write_case,
        """\
  - {id: jan, kind: meeting, date: 2020-01, by: a}
  - {id: mid, kind: meeting, after: jan, before: may, by: b}
  - {id: may, kind: meeting, date: 2020-05, by: a}
  - {id: year, kind: meeting, date: 2020, by: b}
  - {id: nov, kind: meeting, date: 2020-11-03, by: b}
  - {id: lost, kind: other, by: b}
  - {id: late, kind: other, date: 2021-12, by: a}
""",
    )
    net = timeline_view(graph)
    x = {name: node["x"] for name, node in events_of(net).items()}
    assert x["jan"] < x["mid"] < x["may"]  # between its chain's dated ends
    assert x["may"] < x["year"] < x["nov"]  # 2020 stands at its middle, early July
    assert x["nov"] < x["late"] < x["lost"]  # nothing orders "lost": at the end
    breaks = net.casegraph["breaks"]
    # 13 months without an event are cut out of the axis and marked.
    assert [b["label"] for b in breaks] == ["13 months", "undated"]
    assert x["nov"] < breaks[0]["x0"] < breaks[0]["x1"] < x["late"]
    ticks = {t["label"]: t["x"] for t in net.casegraph["ticks"] if t["major"]}
    assert ticks["2020"] < x["jan"]
    # No tick inside a cut-out silence.
    for tick in net.casegraph["ticks"]:
        assert not any(b["x0"] < tick["x"] < b["x1"] for b in breaks), tick


def test_timeline_x_increases_with_date(write_case: Callable[..., Path]) -> None:
    days = ["2018-02-01", "2018-02-03", "2018-06", "2019", "2021-07-09", "2021-07-20", "2022-01"]
    graph = write_events(
        write_case,
        "".join(
            f"  - {{id: e{i}, kind: communication, date: {d}, by: {'ab'[i % 2]}, to: [p]}}\n"
            for i, d in enumerate(days)
        ),
    )
    events = events_of(timeline_view(graph))
    xs = [events[f"e{i}"]["x"] for i in range(len(days))]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


def test_timeline_with_no_events(write_case: Callable[..., Path]) -> None:
    graph = write_events(write_case, "  []\n").copy()
    net = timeline_view(graph)
    assert net.nodes == [] and net.edges == [] and net.casegraph["lanes"] == []
    assert "<!DOCTYPE html>" in to_html(net)
    empty = network_view(nx.MultiDiGraph())
    assert (empty.nodes, empty.edges, empty.casegraph["title"]) == ([], [], "casegraph view")


def test_timeline_draws_no_line_from_a_lane_to_itself(write_case: Callable[..., Path]) -> None:
    graph = write_events(write_case, "  - {id: x, kind: communication, by: a, to: [a, b]}\n")
    net = timeline_view(graph)
    assert [n["cg"]["actor"] for n in net.nodes if n["cg"].get("marker")] == [iri("b", "t")]


def test_timeline_highlights_events_and_lists_other_gaps(minimal_graph: nx.MultiDiGraph) -> None:
    highlights = {
        iri("adoption"): [
            {"gap": "excluded-knowledge-holder", "detail": "teacher left out", "actor": "teacher"}
        ],
        iri("keep-referrer-informed"): [{"gap": "undischarged-duty", "detail": "not done"}],
    }
    net = timeline_view(minimal_graph, highlights=highlights)
    assert events_of(net)["adoption"]["badge"] == "⚠ 1"
    entries = {e["id"]: e["node"] for e in net.casegraph["gaps"]}
    assert entries == {"adoption": iri("adoption"), "keep-referrer-informed": None}
    # The gaps travel once: a shown node's in its details, an off-view item's in its entry.
    carried = {e["id"]: [g["gap"] for g in e.get("gaps", [])] for e in net.casegraph["gaps"]}
    assert carried == {"adoption": [], "keep-referrer-informed": ["undischarged-duty"]}


def test_a_gaps_long_evidence_and_detail_are_cut_in_the_page(
    minimal_graph: nx.MultiDiGraph,
) -> None:
    from casegraph.views.nodes import DETAIL_CHARS, EVIDENCE_SHOWN

    evidence = [f"e{i}" for i in range(EVIDENCE_SHOWN + 7)]
    detail = "Teacher, who raised a concern (at " + ", ".join(evidence * 30) + ")."
    highlights = {
        iri("adoption"): [
            {"gap": "excluded-knowledge-holder", "detail": detail, "evidence": evidence}
        ]
    }
    adoption = events_of(timeline_view(minimal_graph, highlights=highlights))["adoption"]
    (gap,) = adoption["cg"]["gaps"]
    assert gap["evidence"] == [*evidence[:EVIDENCE_SHOWN], "… and 7 more"]
    assert len(gap["detail"]) <= DETAIL_CHARS and gap["detail"].endswith("…")
    assert detail.startswith(gap["detail"][:-1])


# -- the page ------------------------------------------------------------------------------


def test_page_is_self_contained(
    minimal_graph: nx.MultiDiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write_html(network_view(minimal_graph), tmp_path / "view.html")
    page = path.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.html"]  # no lib/ folder
    # Nothing the browser would fetch: no src/href but data:, no stylesheet links, no @import.
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", page, flags=re.S)
    refs = re.findall(r"""\b(?:src|href|action|srcset)\s*=\s*["']?([^"'\s>]*)""", markup)
    assert refs == ["data:,"]
    assert not re.search(r"<link[^>]+stylesheet|@import|<iframe|<img|<object|<embed", page, re.I)
    assert not re.search(r"url\((?!\s*[\"']?data:)", page)
    # The only URLs in the page are in vis-network's licence header and error messages, and
    # the SVG namespace: none is fetched.
    code = re.sub(r'<script type="application/json".*?</script>', "", page, flags=re.S)
    urls = set(re.findall(r"https?://[^\s\"'`)]+", code))
    assert urls <= {
        "https://visjs.github.io/vis-network/",
        "http://almende.com",
        "https://github.com/visjs",
        "http://www.apache.org/licenses/LICENSE-2.0",
        "http://opensource.org/licenses/MIT",
        "http://www.w3.org/2000/svg",
        "https://github.com/zloirock/core-js",
        "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
        "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    }, urls
    assert "bootstrap" not in markup.lower() and "cdn" not in markup.lower()
    assert "@version 9.1.2" in page  # vis-network, inlined
    assert page.count("</script") == 3
    assert "sourceMappingURL" not in page


def test_page_policy_allows_only_its_own_scripts(minimal_graph: nx.MultiDiGraph) -> None:
    page = to_html(network_view(minimal_graph))
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert found
    csp = html.unescape(found.group(1))
    assert csp.startswith("default-src 'none'; script-src 'sha256-")
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]


def test_page_escapes_case_text(write_case: Callable[..., Path]) -> None:
    graph = load(write_case(XSS_CASE)).to_networkx()
    for net in (network_view(graph), timeline_view(graph)):
        page = to_html(net)
        assert "<img" not in page and "<svg" not in page and "<!-- c" not in page
        # The payloads travel only inside the JSON block, and escaped in <title> and <h1>.
        rest = re.sub(r'<script type="application/json".*?</script>', "", page, flags=re.S)
        rest = rest.replace("&lt;script&gt;window.__xssTitle", "")
        assert "__xss" not in rest
        assert len(re.findall(r"\n<script\b", page)) == 3
        assert page.lower().count("</script") == 3 and page.count("<!--") == 0
        assert "\u2028" not in page and "\\u2028" in page
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        assert title and title.group(1) == (
            "&lt;script&gt;window.__xssTitle = 1&lt;/script&gt; "
            "Smith &amp; &lt;b&gt;Jones&lt;/b&gt;"
        )
        data = embedded_json(page)
        labels = {n["cg"]["label"] for n in data["nodes"] if "cg" in n and "label" in n["cg"]}
        assert data["meta"]["title"].startswith("<script>window.__xssTitle")
        assert net.heading.startswith("&lt;script&gt;")  # even pyvis's own template is safe
        if net.casegraph["layout"] == "network":
            assert XSS_LABEL in labels
            assert "</SCRIPT><img src=x onerror=window.__xssOutcome=1>" in labels


def test_page_works_for_a_plain_pyvis_network() -> None:
    from pyvis.network import Network

    net = Network(heading="<b>mine</b>", cdn_resources="remote")
    net.add_node(1, label="one", title="<img src=x>")
    net.add_node(2, label="two")
    net.add_edge(1, 2)
    page = to_html(net)
    data = embedded_json(page)
    assert data["meta"]["title"] == "<b>mine</b>" and len(data["nodes"]) == 2
    assert "<img" not in page and "<b>mine" not in page


def test_show_returns_a_sandboxed_iframe(minimal_graph: nx.MultiDiGraph) -> None:
    pytest.importorskip("IPython", reason="IPython is not installed")
    net = network_view(minimal_graph)
    shown = show(net, height=500)
    assert shown.data.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert 'sandbox="allow-scripts"' in shown.data and "height: 500px" in shown.data
    assert net._repr_html_().startswith("<iframe srcdoc=")
    assert repr(net) == "<casegraph network view: 20 nodes, 27 edges>"


def test_importing_views_does_not_import_pyvis() -> None:
    code = "import sys, casegraph.views; print('pyvis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- big graphs ----------------------------------------------------------------------------


def synthetic_graph(cases: int, size: int = 40) -> nx.MultiDiGraph:
    """A corpus-shaped graph: ``cases`` disjoint cases of ``size`` items each."""
    graph = nx.MultiDiGraph()
    kinds = ["referral", "communication", "decision", "meeting", "closure"]
    for c in range(cases):
        case = f"c{c}"
        actors = [item_iri(case, f"a{i}") for i in range(6)]
        for i, a in enumerate(actors):
            graph.add_node(
                a,
                id=f"a{i}",
                case=case,
                type="actor",
                kind="police",
                label=f"Actor {i}",
                sources=[],
            )
        for i in range(size - len(actors)):
            e = item_iri(case, f"e{i}")
            graph.add_node(
                e,
                id=f"e{i}",
                case=case,
                type="event",
                kind=kinds[i % 5],
                label=f"Event {i}",
                date=f"{2015 + i % 5}-{1 + i % 12:02d}",
                sources=[],
            )
            graph.add_edge(e, actors[i % 6], key="by", relation="by")
            graph.add_edge(e, actors[(i + 1) % 6], key="to", relation="to")
            if i:
                graph.add_edge(e, item_iri(case, f"e{i - 1}"), key="after", relation="after")
    return graph


def assert_grid(net: Any) -> None:
    """Every node in its own label-sized cell, its label short enough for the cell."""
    from casegraph.views.layout import CELL_HEIGHT, CELL_WIDTH, LABEL_WIDTH

    cells = {(n["x"], n["y"]) for n in net.nodes}
    assert len(cells) == len(net.nodes)
    for a in net.nodes:
        assert len(a["label"]) <= 30 and a["widthConstraint"]["maximum"] <= LABEL_WIDTH
        for b in net.nodes:
            if a is not b:
                assert abs(a["x"] - b["x"]) >= CELL_WIDTH or abs(a["y"] - b["y"]) >= CELL_HEIGHT


def test_a_small_network_is_a_grid_shaped_to_the_canvas(minimal_graph: nx.MultiDiGraph) -> None:
    net = network_view(minimal_graph)
    assert net.options["physics"]["enabled"] is False
    assert_grid(net)
    xs = {n["x"] for n in net.nodes}
    ys = {n["y"] for n in net.nodes}
    assert len(xs) > 1 and len(ys) > 1  # rows and columns, not one long line
    # Edge labels wait until the view is zoomed in; hovering an edge names the relation.
    assert net.options["edges"]["scaling"]["label"]["drawThreshold"] > 11 + 1


def test_a_2000_node_view_uses_fixed_positions() -> None:
    graph = synthetic_graph(50)
    net = network_view(graph)
    assert len(net.nodes) == 2000 and len(net.edges) == graph.number_of_edges()
    assert net.options["physics"]["enabled"] is False
    assert net.casegraph["offer_physics"] is False  # seconds per frame in a browser
    assert network_view(synthetic_graph(1)).casegraph["offer_physics"] is True
    assert all(e.get("smooth") is False for e in net.edges)
    positions = {(n["x"], n["y"]) for n in net.nodes}
    assert len(positions) == 2000  # every node placed, none on top of another
    timeline = timeline_view(graph)
    assert sum(1 for n in timeline.nodes if not n["cg"].get("marker")) == 1700


# -- the real case -------------------------------------------------------------------------


def test_real_case_views(real_case_path: Path) -> None:
    dataset = load(real_case_path)
    graph = dataset.to_networkx()
    net = network_view(graph)
    assert len(net.nodes) == graph.number_of_nodes()
    assert len(net.edges) == graph.number_of_edges()
    # Small enough to read whole: a fixed grid of label-sized cells, no physics to undo it.
    assert net.options["physics"]["enabled"] is False
    assert_grid(net)
    timeline = timeline_view(graph)
    events = events_of(timeline)
    assert len(events) == sum(1 for _, t in graph.nodes(data="type") if t == "event")
    case = "prevent-amess-2014"
    x = {name: node["x"] for name, node in events.items()}
    order = [
        "referral",
        "channel-adoption",
        "ip-tasking",
        "intervention-session",
        "channel-exit",
        "channel-case-closure",
        "post-exit-review",
        "prevent-closure",
        "murder",
        "conviction",
    ]
    assert [x[name] for name in order] == sorted(x[name] for name in order)
    assert events["channel-exit"]["shape"] == "diamond"
    assert events["channel-exit"]["cg"]["lane"] == item_iri(case, "channel-panel")


# -- the command ---------------------------------------------------------------------------


def test_cli_view_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "case.html"
    code, stdout, stderr = run("view", str(MINIMAL), "-o", str(out))
    assert (code, stderr) == (0, "")
    assert stdout == f"{out}: network view, 20 nodes, 27 edges\n"
    assert "Handling of Person A&#x27;s referral" in out.read_text(encoding="utf-8")
    code, stdout, _ = run("view", str(MINIMAL), "-o", str(out), "--layout", "timeline")
    assert (code, stdout) == (0, f"{out}: timeline view, 8 nodes, 4 edges\n")


def test_cli_view_highlights_gaps(tmp_path: Path) -> None:
    out = tmp_path / "case.html"
    code, stdout, _ = run("view", str(MINIMAL), "-o", str(out), "--highlight", "delivery-shortfall")
    assert (code, stdout) == (0, f"{out}: network view, 20 nodes, 27 edges, 1 with gaps\n")
    page = embedded_json(out.read_text(encoding="utf-8"))
    assert [e["id"] for e in page["meta"]["gaps"]] == ["mentor-tasking"]
    code, stdout, _ = run("view", str(MINIMAL), "-o", str(out), "--highlight", "gaps")
    assert code == 0 and "with gaps" in stdout


def test_cli_view_default_output_and_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = run("view", str(MINIMAL))
    assert code == 0 and stdout.startswith("casegraph-view.html: network view")
    assert (tmp_path / "casegraph-view.html").exists()
    code, _, stderr = run("view", str(MINIMAL), "--case", "nope", "-o", str(tmp_path / "x.html"))
    assert code == 2 and "no case 'nope'; the cases are: fictional-2019-a" in stderr
    code, _, stderr = run("view", str(MINIMAL), "--highlight", "gaps,unrecorded-rationale")
    assert code == 2 and "'gaps' (every gap) or gap ids, not both" in stderr
    code, _, stderr = run("view", "--layout", "tree", str(MINIMAL))
    assert code == 2
    code, _, stderr = run("view", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "x.html"))
    assert code == 1 and "no such file" in stderr


def test_cli_view_rejects_unknown_gap_ids(tmp_path: Path) -> None:
    code, _, stderr = run(
        "view", str(MINIMAL), "--highlight", "unrecorded-rational", "-o", str(tmp_path / "x.html")
    )
    assert code == 2 and "unrecorded-rationale" in stderr


def test_a_large_part_with_busy_hubs_is_spread_apart() -> None:
    """A long chronology is one part whose events all meet at a dozen agencies: the
    layout gives every node room rather than packing them on each other."""
    import random

    from casegraph.views import layout

    rng = random.Random(1)
    hubs = [f"agency{i}" for i in range(12)]
    events = [f"event{i}" for i in range(layout.LARGE + 100)]
    edges = [(e, hub) for e in events for hub in rng.sample(hubs, 2)]
    placed = layout.positions(hubs + events, edges)
    assert set(placed) == set(hubs + events)
    cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for x, y in placed.values():
        cells.setdefault((int(x // 40), int(y // 40)), []).append((x, y))
    crowded = 0
    for (cx, cy), members in cells.items():
        near = [
            p for dx in (-1, 0, 1) for dy in (-1, 0, 1) for p in cells.get((cx + dx, cy + dy), [])
        ]
        crowded += sum(1 for a in members if any(a != b and math.dist(a, b) < 40 for b in near))
    assert crowded == 0  # a force layout alone put 10,000 such nodes in 830 px


def test_a_small_graph_is_laid_out_in_python_and_a_large_one_with_numpy(
    minimal_graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One case is laid out in plain Python (cheaper than importing numpy); the same
    forces with numpy for more nodes. Both keep neighbours closer than strangers."""
    from casegraph.views import layout

    small = layout.positions(minimal_graph.nodes, minimal_graph.edges())
    assert set(small) == set(minimal_graph.nodes)
    assert small == layout.positions(minimal_graph.nodes, minimal_graph.edges())  # stable
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(layout, "_force_numpy", lambda *a: calls.append(a))
    layout.positions(minimal_graph.nodes, minimal_graph.edges())
    assert not calls  # the real case and the minimal one never need numpy
    monkeypatch.undo()

    # A ring of 120 nodes: 7,140 pairs, over PYTHON_PAIRS, so numpy lays it out.
    ring = [f"n{i:03}" for i in range(120)]
    edges = list(zip(ring, ring[1:] + ring[:1], strict=True))
    assert len(ring) * (len(ring) - 1) // 2 > layout.PYTHON_PAIRS
    for where in (layout.positions(ring, edges), layout._force_python(ring, _ring(ring), 7)):
        linked = statistics.median(math.dist(where[u], where[v]) for u, v in edges)
        apart = statistics.median(
            math.dist(where[u], where[ring[(i + 60) % 120]]) for i, u in enumerate(ring)
        )
        assert apart > 3 * linked, (linked, apart)


def _ring(nodes: list[str]) -> dict[Any, set[Any]]:
    return {n: {nodes[i - 1], nodes[(i + 1) % len(nodes)]} for i, n in enumerate(nodes)}


def test_the_graph_does_not_depend_on_the_order_the_engine_gives_triples_in() -> None:
    """A server returns a graph's triples in its own order; the view numbers and curves
    edges in the graph's order, so that order must come from the data alone."""
    from conftest import REAL_CASE

    dataset = load(REAL_CASE)
    engine = dataset.engine
    forward = dataset.to_networkx()
    given = engine.triples

    def reversed_triples(graph: str) -> list[tuple[Any, Any, Any]]:
        return list(reversed(given(graph)))

    engine.triples = reversed_triples  # type: ignore[method-assign]
    backward = dataset.to_networkx()
    assert list(forward.nodes) == list(backward.nodes)
    assert list(forward.edges(keys=True, data=True)) == list(backward.edges(keys=True, data=True))
