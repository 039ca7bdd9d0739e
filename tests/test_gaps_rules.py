"""Each gap rule on small case files: the positive case, the negative case, the boundaries.

Every scenario is run through the SPARQL catalogue (casegraph.gaps.catalogue) and through the
plain-Python reference (gapcheck_reference), and both must give exactly the expected
results: {entity or (entity, actor): evidence}.
"""

from __future__ import annotations

from typing import Any

import pytest
from gapcheck_cases import case_text, check, dataset_of
from gapcheck_reference import expected_results

from casegraph.gaps.catalogue import gaps

# (name, gap, case file body after the shared actors, expected results)
SCENARIOS: list[tuple[str, str, str, dict[Any, list[str]]]] = [
    # -- responsibility-gap --------------------------------------------------------------
    (
        "no holders",
        "responsibility-gap",
        """
        duties: [{id: d1}]
     """,
        {"d1": []},
    ),
    (
        "consulted and informed do not own",
        "responsibility-gap",
        """
        duties:
          - id: d1
            holders: [{actor: a, role: consulted}, {actor: b, role: informed, basis: guidance}]
     """,
        {"d1": []},
    ),
    (
        "a responsible holder owns",
        "responsibility-gap",
        """
        duties: [{id: d1, holders: [{actor: a, role: responsible, basis: practice}]}]
     """,
        {},
    ),
    (
        "an accountable holder without basis owns",
        "responsibility-gap",
        """
        duties: [{id: d1, holders: [{actor: a, role: accountable}]}]
     """,
        {},
    ),
    (
        "clarity unowned despite an owner",
        "responsibility-gap",
        """
        duties: [{id: d1, clarity: unowned, holders: [{actor: b, role: responsible}]}]
     """,
        {"d1": ["b"]},
    ),
    (
        "clarity clear but nobody owns",
        "responsibility-gap",
        """
        duties: [{id: d1, clarity: clear, holders: [{actor: b, role: informed}]}]
     """,
        {"d1": []},
    ),
    # -- blurred-ownership ------------------------------------------------------------------
    (
        "two accountable actors across bases",
        "blurred-ownership",
        """
        duties:
          - id: d1
            holders:
              - {actor: b, role: accountable, basis: guidance}
              - {actor: c, role: accountable, basis: claimed}
     """,
        {"d1": ["b", "c"]},
    ),
    (
        "one actor accountable twice is not two",
        "blurred-ownership",
        """
        duties:
          - id: d1
            holders:
              - {actor: b, role: accountable, basis: guidance}
              - {actor: b, role: accountable, basis: practice}
     """,
        {},
    ),
    (
        "two responsible and no accountable",
        "blurred-ownership",
        """
        duties:
          - id: d1
            holders: [{actor: b, role: responsible}, {actor: c, role: responsible}]
     """,
        {"d1": ["b", "c"]},
    ),
    (
        "two responsible under one accountable",
        "blurred-ownership",
        """
        duties:
          - id: d1
            holders:
              - {actor: b, role: responsible}
              - {actor: c, role: responsible}
              - {actor: a, role: accountable}
     """,
        {},
    ),
    (
        "guidance and practice name different owners",
        "blurred-ownership",
        """
        duties:
          - id: d1
            holders:
              - {actor: b, role: accountable, basis: guidance}
              - {actor: c, role: responsible, basis: practice}
     """,
        {"d1": ["b", "c"]},
    ),
    (
        "practice adds an owner guidance does not name",
        "blurred-ownership",
        """
        duties:
          - id: d1
            holders:
              - {actor: b, role: accountable, basis: guidance}
              - {actor: b, role: responsible, basis: practice}
              - {actor: c, role: responsible, basis: practice}
     """,
        {"d1": ["b", "c"]},
    ),
    (
        "guidance and practice name the same owner",
        "blurred-ownership",
        """
        duties:
          - id: d1
            holders:
              - {actor: b, role: accountable, basis: guidance}
              - {actor: b, role: responsible, basis: practice}
     """,
        {},
    ),
    (
        "a holder without basis is in no basis set",
        "blurred-ownership",
        """
        duties:
          - id: d1
            holders:
              - {actor: b, role: accountable, basis: guidance}
              - {actor: c, role: responsible}
     """,
        {},
    ),
    (
        "a consulted holder is not a practice owner",
        "blurred-ownership",
        """
        duties:
          - id: d1
            holders:
              - {actor: b, role: consulted, basis: practice}
              - {actor: c, role: accountable, basis: guidance}
     """,
        {},
    ),
    (
        "claimed and reviewer bases are not compared",
        "blurred-ownership",
        """
        duties:
          - id: d1
            holders:
              - {actor: b, role: accountable, basis: claimed}
              - {actor: c, role: responsible, basis: reviewer}
     """,
        {},
    ),
    (
        "clarity blurred with one owner",
        "blurred-ownership",
        """
        duties: [{id: d1, clarity: blurred, holders: [{actor: b, role: responsible}]}]
     """,
        {"d1": ["b"]},
    ),
    (
        "clarity blurred with no owner",
        "blurred-ownership",
        """
        duties: [{id: d1, clarity: blurred}]
     """,
        {"d1": []},
    ),
    # -- undischarged-duty ------------------------------------------------------------------
    (
        "owned and never discharged",
        "undischarged-duty",
        """
        duties: [{id: d1, holders: [{actor: b, role: responsible}, {actor: a, role: informed}]}]
     """,
        {"d1": ["b"]},
    ),
    (
        "owned with an empty discharged_by",
        "undischarged-duty",
        """
        duties: [{id: d1, discharged_by: [], holders: [{actor: b, role: accountable}]}]
     """,
        {"d1": ["b"]},
    ),
    (
        "owned and discharged",
        "undischarged-duty",
        """
        events: [{id: e1, kind: meeting}]
        duties: [{id: d1, discharged_by: [e1], holders: [{actor: b, role: accountable}]}]
     """,
        {},
    ),
    (
        "not owned is not undischarged",
        "undischarged-duty",
        """
        duties: [{id: d1, holders: [{actor: b, role: consulted}]}]
     """,
        {},
    ),
    # -- unrecorded-rationale ---------------------------------------------------------------
    (
        "decision without rationale",
        "unrecorded-rationale",
        """
        events: [{id: e1, kind: decision}]
     """,
        {"e1": []},
    ),
    (
        "decision with a null rationale",
        "unrecorded-rationale",
        """
        events: [{id: e1, kind: decision, rationale: null}]
     """,
        {"e1": []},
    ),
    (
        "decision with an empty rationale",
        "unrecorded-rationale",
        """
        events: [{id: e1, kind: decision, rationale: ""}]
     """,
        {"e1": []},
    ),
    (
        "decision with a blank rationale",
        "unrecorded-rationale",
        """
        events: [{id: e1, kind: decision, rationale: "  \\t "}]
     """,
        {"e1": []},
    ),
    (
        "decision with a rationale",
        "unrecorded-rationale",
        """
        events: [{id: e1, kind: decision, rationale: " risk was low"}]
     """,
        {},
    ),
    (
        "only decisions need a rationale",
        "unrecorded-rationale",
        """
        events: [{id: e1, kind: assessment}, {id: e2, kind: closure}]
     """,
        {},
    ),
    # -- unaddressed-concern ----------------------------------------------------------------
    (
        "concern never addressed",
        "unaddressed-concern",
        """
        concerns: [{id: c1, nature: underlying}, {id: c2, addressed_by: []}]
     """,
        {"c1": [], "c2": []},
    ),
    (
        "concern addressed",
        "unaddressed-concern",
        """
        events: [{id: e1, kind: intervention}]
        concerns: [{id: c1, nature: symptom, addressed_by: [e1]}]
     """,
        {},
    ),
    # -- delivery-shortfall -----------------------------------------------------------------
    (
        "delivered given and short",
        "delivery-shortfall",
        """
        events: [{id: e1, kind: tasking, planned: 2, delivered: 1}]
     """,
        {"e1": []},
    ),
    (
        "delivered counted from under",
        "delivery-shortfall",
        """
        events:
          - {id: e1, kind: tasking, planned: 3}
          - {id: i1, kind: intervention, under: e1}
          - {id: i2, kind: intervention, under: e1}
     """,
        {"e1": ["i1", "i2"]},
    ),
    (
        "delivered counted and enough",
        "delivery-shortfall",
        """
        events:
          - {id: e1, kind: tasking, planned: 2}
          - {id: i1, kind: intervention, under: e1}
          - {id: i2, kind: intervention, under: e1}
     """,
        {},
    ),
    (
        "a given delivered wins over the count",
        "delivery-shortfall",
        """
        events:
          - {id: e1, kind: tasking, planned: 2, delivered: 2}
          - {id: e2, kind: tasking, planned: 2, delivered: 0}
          - {id: i1, kind: intervention, under: e2}
          - {id: i2, kind: intervention, under: e2}
     """,
        {"e2": ["i1", "i2"]},
    ),
    (
        "more delivered than planned, nothing planned",
        "delivery-shortfall",
        """
        events:
          - {id: e1, kind: tasking, planned: 1, delivered: 3}
          - {id: e2, kind: intervention, planned: 0}
          - {id: e3, kind: tasking, delivered: 0}
     """,
        {},
    ),
    (
        "an intervention short of its own plan",
        "delivery-shortfall",
        """
        events: [{id: e1, kind: intervention, planned: 1}]
     """,
        {"e1": []},
    ),
    # -- failed-communication ---------------------------------------------------------------
    (
        "failed, miscommunicated, not-sent",
        "failed-communication",
        """
        events:
          - {id: e1, kind: referral, status: failed}
          - {id: e2, kind: communication, status: miscommunicated}
          - {id: e3, kind: tasking, status: not-sent}
          - {id: e4, kind: communication, status: delivered}
          - {id: e5, kind: communication}
     """,
        {"e1": [], "e2": [], "e3": []},
    ),
    # -- broken-feedback-loop ---------------------------------------------------------------
    (
        "heard back in a later event",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: referral, date: 2019-01, by: a, to: [b]}
          - {id: e2, kind: communication, date: 2019-03, by: b, to: [a]}
     """,
        {("e2", "b"): ["b"]},
    ),
    (
        "the reply failed",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: referral, date: 2019-01, by: a}
          - {id: e2, kind: communication, date: 2019-03, by: d, to: [a], status: failed}
          - {id: e3, kind: communication, date: 2019-04, by: d, to: [a], status: not-sent}
     """,
        {("e1", "a"): ["a"], ("e2", "d"): ["d"], ("e3", "d"): ["d"]},
    ),
    (
        "a miscommunicated reply is still heard",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: referral, date: 2019-01, by: a}
          - {id: e2, kind: meeting, date: 2019-03, by: d, with: [a]}
          - {id: e3, kind: tasking, date: 2019-04, by: d, consulted: [a], status: miscommunicated}
          - {id: e4, kind: meeting, date: 2019-05, informed: [d]}
     """,
        {},
    ),
    (
        "being by a later event is not hearing",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: communication, date: 2019-01, by: a}
          - {id: e2, kind: meeting, date: 2019-03, by: a}
     """,
        {("e1", "a"): ["a"]},
    ),
    (
        "a member hears what reaches the panel",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: referral, date: 2019-01, by: [b, c, a]}
          - {id: e2, kind: communication, date: 2019-03, to: [p]}
     """,
        {("e1", "a"): ["a"]},
    ),
    (
        "a member hears what the panel does",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: referral, date: 2019-01, by: b}
          - {id: e2, kind: decision, date: 2019-03, by: p}
     """,
        {},
    ),
    (
        "hearing does not pass up to the panel",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: referral, date: 2019-01, by: p}
          - {id: e2, kind: communication, date: 2019-03, to: [b, c]}
     """,
        {("e1", "p"): ["p"]},
    ),
    (
        "membership is one level deep",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: tasking, date: 2019-01, by: b}
          - {id: e2, kind: communication, date: 2019-03, to: [q]}
     """,
        {("e1", "b"): ["b"]},
    ),
    (
        "same-day events are not ordered",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: referral, date: 2019-05-01, by: a}
          - {id: e2, kind: meeting, date: 2019-05-01, with: [a]}
     """,
        {("e1", "a"): ["a"]},
    ),
    (
        "a month overlapping a day is not ordered",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: referral, date: 2019-05, by: a}
          - {id: e2, kind: meeting, date: 2019-05-31, with: [a]}
          - {id: e3, kind: meeting, date: 2019, with: [a]}
     """,
        {("e1", "a"): ["a"]},
    ),
    (
        "the next month is later",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: referral, date: 2019-05, by: a}
          - {id: e2, kind: meeting, date: 2019-06-01, with: [a]}
     """,
        {},
    ),
    (
        "an undated event with no chain is later than nothing",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: referral, by: a}
          - {id: e2, kind: meeting, date: 2030, with: [a]}
          - {id: e3, kind: communication, date: 2019, by: b}
          - {id: e4, kind: meeting, informed: [b]}
     """,
        {("e1", "a"): ["a"], ("e3", "b"): ["b"]},
    ),
    (
        "after and before chains order undated events",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: referral, by: a, before: e2}
          - {id: e2, kind: meeting}
          - {id: e3, kind: meeting, after: e2, informed: [a]}
          - {id: e4, kind: communication, by: b, after: e3}
     """,
        {("e4", "b"): ["b"]},
    ),
    (
        "a chain through a dated event",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: referral, date: 2019-05, by: a}
          - {id: e2, kind: meeting, date: 2019-06}
          - {id: e3, kind: communication, after: e2, to: [a], by: d}
          - {id: e4, kind: meeting, date: 2019-07, before: e3, to: [d]}
     """,
        {("e3", "d"): ["d"]},
    ),
    (
        "the chair hears",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: communication, date: 2019-01, by: c}
          - {id: e2, kind: meeting, date: 2019-02, consulted: [p]}
     """,
        {},
    ),
    (
        "other kinds are not passed on",
        "broken-feedback-loop",
        """
        events:
          - {id: e1, kind: meeting, date: 2019-01, by: a}
          - {id: e2, kind: decision, date: 2019-01, by: b}
     """,
        {},
    ),
    # -- excluded-knowledge-holder ----------------------------------------------------------
    (
        "the referrer left out of a later decision",
        "excluded-knowledge-holder",
        """
        events:
          - {id: e1, kind: referral, date: 2019-01, by: a}
          - {id: e2, kind: decision, date: 2019-03, by: b, informed: [a]}
     """,
        {("e2", "a"): ["a", "e1"]},
    ),
    (
        "the referrer consulted",
        "excluded-knowledge-holder",
        """
        events:
          - {id: e1, kind: referral, date: 2019-01, by: a}
          - {id: e2, kind: decision, date: 2019-03, by: b, consulted: [a]}
          - {id: e3, kind: decision, date: 2019-04, with: [a]}
     """,
        {},
    ),
    (
        "taking part through a panel, one level deep",
        "excluded-knowledge-holder",
        """
        events:
          - {id: e1, kind: referral, date: 2019-01, by: [b, c]}
          - {id: e2, kind: decision, date: 2019-03, by: p}
          - {id: e3, kind: decision, date: 2019-04, consulted: [q]}
     """,
        {("e3", "b"): ["b", "e1"], ("e3", "c"): ["c", "e1"]},
    ),
    (
        "a panel's member does not make the panel take part",
        "excluded-knowledge-holder",
        """
        events:
          - {id: e1, kind: referral, date: 2019-01, by: p}
          - {id: e2, kind: decision, date: 2019-03, by: b}
     """,
        {("e2", "p"): ["e1", "p"]},
    ),
    (
        "a decision the same day or earlier",
        "excluded-knowledge-holder",
        """
        events:
          - {id: e1, kind: referral, date: 2019-01-10, by: a}
          - {id: e2, kind: decision, date: 2019-01-10, by: b}
          - {id: e3, kind: decision, date: 2019-01, by: b}
          - {id: e4, kind: decision, date: 2018, by: b}
          - {id: e5, kind: decision, by: b}
     """,
        {},
    ),
    (
        "a concern raised at an event is a trigger",
        "excluded-knowledge-holder",
        """
        events:
          - {id: e1, kind: assessment, date: 2019-01, by: b}
          - {id: e2, kind: meeting, date: 2019-02}
          - {id: e3, kind: decision, after: e2, by: c}
        concerns:
          - {id: c1, identified_by: d, identified_at: e1}
          - {id: c2, identified_by: d, identified_at: e2}
          - {id: c3, identified_by: a}
     """,
        {("e3", "d"): ["d", "e1"]},
    ),
    (
        "the evidence is the trigger that had certainly happened first, then the id",
        "excluded-knowledge-holder",
        """
        events:
          - {id: e9, kind: referral, date: 2019-02, by: a}
          - {id: e1, kind: referral, date: 2019, by: a}
          - {id: e7, kind: referral, date: 2019-02-10, by: [a, b]}
          - {id: e5, kind: referral, date: 2019-02-10, by: b}
          - {id: e2, kind: decision, date: 2020-01, by: c}
     """,
        {("e2", "a"): ["a", "e7"], ("e2", "b"): ["b", "e5"]},
    ),
    (
        "along the links, a dated trigger comes before an undated one",
        "excluded-knowledge-holder",
        """
        events:
          - {id: e1, kind: referral, by: a}
          - {id: e2, kind: referral, date: 2019-05, by: a}
          - {id: e3, kind: decision, by: b, after: [e1, e2]}
     """,
        {("e3", "a"): ["a", "e2"]},
    ),
    (
        "a trigger the decision is not later than is never the evidence",
        "excluded-knowledge-holder",
        """
        events:
          - {id: e1, kind: referral, date: 2019-06, by: a}
          - {id: e2, kind: referral, by: a, before: e3}
          - {id: e3, kind: decision, by: b}
          - {id: e4, kind: decision, date: 2019-07, by: b, after: e3}
     """,
        {("e3", "a"): ["a", "e2"], ("e4", "a"): ["a", "e1"]},
    ),
    (
        "only referrals are triggers by themselves",
        "excluded-knowledge-holder",
        """
        events:
          - {id: e1, kind: communication, date: 2019-01, by: a}
          - {id: e2, kind: decision, date: 2019-03, by: b}
     """,
        {},
    ),
    # -- outdated-tool ------------------------------------------------------------------------
    (
        "a tool marked outdated, on an undated event",
        "outdated-tool",
        """
        tools: [{id: t1, status: outdated}, {id: t2, status: current}]
        events: [{id: e1, kind: assessment, tool: t1}, {id: e2, kind: assessment, tool: t2}]
     """,
        {"e1": ["t1"]},
    ),
    (
        "superseded before the event",
        "outdated-tool",
        """
        tools: [{id: t1, status: current, superseded: 2019-06}]
        events:
          - {id: e1, kind: assessment, tool: t1, date: 2019-06-15}
          - {id: e2, kind: assessment, tool: t1, date: 2019-06}
          - {id: e3, kind: assessment, tool: t1, date: 2019-05-31}
          - {id: e4, kind: assessment, tool: t1, date: 2019}
          - {id: e5, kind: assessment, tool: t1}
     """,
        {"e1": ["t1"], "e2": ["t1"]},
    ),
    (
        "superseded a year by earliest moments",
        "outdated-tool",
        """
        tools: [{id: t1, superseded: 2019}, {id: t2, superseded: 2019-06-02}]
        events:
          - {id: e1, kind: assessment, tool: t1, date: 2019-01}
          - {id: e2, kind: assessment, tool: t2, date: 2019-06}
          - {id: e3, kind: decision, tool: t2, date: 2020}
     """,
        {"e1": ["t1"], "e3": ["t2"]},
    ),
    # -- premature-exit -----------------------------------------------------------------------
    (
        "closed with a concern open",
        "premature-exit",
        """
        events:
          - {id: e1, kind: referral, date: 2019-01}
          - {id: e2, kind: intervention, date: 2019-03}
          - {id: e3, kind: closure, date: 2019-06}
          - {id: e4, kind: intervention, date: 2019-09}
          - {id: e5, kind: intervention}
        concerns:
          - {id: c1, identified_at: e1}
          - {id: c2, identified_at: e1, addressed_by: [e2]}
          - {id: c3, identified_at: e1, addressed_by: [e4]}
          - {id: c4, identified_at: e1, addressed_by: [e5]}
          - {id: c5}
          - {id: c6, identified_at: e3}
          - {id: c7, identified_at: e4}
     """,
        {"e3": ["c1", "c3"]},
    ),
    (
        "a stage exit and a concern raised the same day",
        "premature-exit",
        """
        events:
          - {id: e1, kind: assessment, date: 2019-06-01}
          - {id: e2, kind: decision, date: 2019-06-01, stage: {name: s, effect: exit}}
          - {id: e3, kind: decision, date: 2019-06, stage: {name: s, effect: enter}}
        concerns: [{id: c1, identified_at: e1}]
     """,
        {},
    ),
    (
        "a stage exit after a short tasking in the stage",
        "premature-exit",
        """
        events:
          - {id: e1, kind: decision, date: 2019-02, stage: {name: channel, effect: enter}}
          - {id: e2, kind: tasking, date: 2019-03, planned: 2, delivered: 1}
          - {id: e3, kind: tasking, date: 2019-03, planned: 2, delivered: 2}
          - {id: e4, kind: tasking, date: 2019-01, planned: 2, delivered: 1}
          - {id: e5, kind: tasking, date: 2019-09, planned: 2, delivered: 1}
          - {id: e6, kind: intervention, date: 2019-03, planned: 2}
          - {id: e7, kind: decision, date: 2019-06, stage: {name: channel, effect: exit}}
     """,
        {"e7": ["e2"]},
    ),
    (
        "a short tasking in another stage",
        "premature-exit",
        """
        events:
          - {id: e1, kind: decision, date: 2019-02, stage: {name: prevent, effect: enter}}
          - {id: e2, kind: tasking, date: 2019-03, planned: 2, delivered: 1}
          - {id: e3, kind: decision, date: 2019-06, stage: {name: channel, effect: exit}}
          - {id: e4, kind: decision, date: 2019-06, stage: {effect: exit}}
     """,
        {},
    ),
    (
        "a closure checks taskings only with a stage name",
        "premature-exit",
        """
        events:
          - {id: e1, kind: referral, date: 2019-02, stage: {name: s, effect: enter}}
          - {id: e2, kind: tasking, date: 2019-03, planned: 2, delivered: 1}
          - {id: e3, kind: closure, date: 2019-06}
          - {id: e4, kind: closure, date: 2019-07, stage: {name: s}}
     """,
        {"e4": ["e2"]},
    ),
    (
        "a chain places the tasking inside the stage",
        "premature-exit",
        """
        events:
          - {id: e1, kind: decision, stage: {name: s, effect: enter}}
          - {id: e2, kind: tasking, after: e1, before: e3, planned: 1}
          - {id: e3, kind: closure, stage: {name: s, effect: exit}}
          - {id: e4, kind: closure, after: e1, stage: {name: s, effect: exit}}
     """,
        {"e3": ["e2"]},
    ),
    # -- unsupported-finding, unanswered-finding ----------------------------------------------
    (
        "findings with and without evidence",
        "unsupported-finding",
        """
        findings:
          - {id: f1, text: No evidence}
          - {id: f2, evidence: []}
          - {id: f3, evidence: [a]}
     """,
        {"f1": [], "f2": []},
    ),
    (
        "findings with and without a recommendation",
        "unanswered-finding",
        """
        findings: [{id: f1}, {id: f2}, {id: f3}]
        recommendations:
          - {id: r1, addresses: [f2]}
          - {id: r2, addresses: []}
          - {id: r3, addresses: [f2, f3]}
     """,
        {"f1": []},
    ),
    # -- misdirected-recommendation -----------------------------------------------------------
    (
        "owners inside and outside the control structure",
        "misdirected-recommendation",
        """
        duties: [{id: d1, holders: [{actor: a, role: informed}]}]
        events:
          - {id: e1, kind: meeting, with: [d], to: [b]}
          - {id: e2, kind: communication, informed: [c]}
        recommendations:
          - {id: r1, owner: a}
          - {id: r2, owner: d}
          - {id: r3, owner: b}
          - {id: r4, owner: c}
          - {id: r5}
     """,
        {"r3": ["b"], "r4": ["c"]},
    ),
    (
        "taking part through a panel, one level deep",
        "misdirected-recommendation",
        """
        events: [{id: e1, kind: decision, by: p}, {id: e2, kind: meeting, consulted: [q]}]
        recommendations:
          - {id: r1, owner: b}
          - {id: r2, owner: c}
          - {id: r3, owner: x}
     """,
        {"r3": ["x"]},
    ),
]

EXPECTED_SCENARIOS = 76


def test_scenario_count() -> None:
    assert len(SCENARIOS) == EXPECTED_SCENARIOS
    assert len({name + gap for name, gap, _, _ in SCENARIOS}) == EXPECTED_SCENARIOS


@pytest.mark.parametrize(
    ("name", "gap", "body", "expected"),
    SCENARIOS,
    ids=[f"{gap}:{name}" for name, gap, _, _ in SCENARIOS],
)
def test_rule(name: str, gap: str, body: str, expected: dict[Any, list[str]]) -> None:
    case = check(case_text(body))
    results = gaps(dataset_of([case]), only=[gap])
    got = {(r.entity if r.actor is None else (r.entity, r.actor)): r.evidence for r in results}
    assert got == expected
    assert all(r.gap == gap and r.case == "t" for r in results)
    reference = {
        (entity if actor is None else (entity, actor)): sorted(exp.evidence)
        for (g, _, entity, actor), exp in expected_results(case.data).items()
        if g == gap
    }
    assert reference == expected
