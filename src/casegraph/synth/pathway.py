"""The Prevent pathway of one case, free of every gap, and the order a case is built in.

Referral (sometimes after an earlier contact Prevent did not take on), police
screening, the Channel panel's adoption, the intervention provider's sessions, exit
and post-exit reviews, sometimes a re-referral, and closure. :func:`build` weaves the
duties, plants, dates and the review's layer in at their stage.
"""

from __future__ import annotations

import random
from typing import Any

from casegraph.synth import chronology, duties, plants, review
from casegraph.synth.builder import CaseBuilder
from casegraph.synth.vocab import (
    ADOPT_WHY,
    BOROUGHS,
    DECLINE_WHY,
    EXIT_WHY,
    FORCES,
    IDEOLOGIES,
    PANEL_EXTRAS,
    PROVIDERS,
    REFERRER_WEIGHTS,
    REFERRERS,
)


def build(b: CaseBuilder) -> dict[str, Any]:
    """Build the case: pathway, plants, dates, findings and sources; its data.

    The order of the steps (and of their draws on ``b.rng``) fixes the corpus a seed
    gives.
    """
    shape(b)
    plants.choose_plants(b)
    if b.pre:
        first_contact(b)
    referral(b)
    channel(b)
    support(b)
    exit_and_reviews(b)
    if b.post:
        re_referral(b)
    closure(b)
    duties.base_duties(b)
    plants.plant_story(b)
    chronology.assign_dates(b)
    plants.plant_tool(b)
    review.base_findings(b)
    plants.plant_findings(b)
    review.cite(b)
    return b.assemble()


def pick_weighted(rng: random.Random, items: list[Any], weights: list[int]) -> Any:
    return rng.choices(items, weights)[0]


def shape(b: CaseBuilder) -> None:
    """The agencies, the referrer, the panel and the case's dice (earlier contact, re-referral)."""
    rng = b.rng
    b.ideology = rng.choice(IDEOLOGIES)
    borough = rng.choice(BOROUGHS)
    b.subject = b.actor("subject", f"Person {chr(65 + rng.randrange(26))}", "subject", "subject")
    b.actor("police-prevent", f"{rng.choice(FORCES)} Police Prevent team", "police", "organisation")
    b.actor("local-authority", f"{borough} Council", "local-authority", "organisation")
    b.actor("intervention-provider", rng.choice(PROVIDERS), "intervention-provider", "front-line")
    b.actor("home-office", "Home Office", "government", "government")
    _, org, label, type_, level, person = pick_weighted(rng, REFERRERS, REFERRER_WEIGHTS)
    b.referrer_org = b.actor(org, label, type_, level)
    if person and rng.random() < 0.35:
        b.referrer = b.actor(person[0], person[1], "person", "front-line", part_of=org)
    else:
        b.referrer = org
    extras = rng.sample(PANEL_EXTRAS, rng.choice((0, 0, 1, 1, 2)))
    for aid, alabel, atype in extras:
        b.actor(aid, alabel, atype, "organisation")
    b.extras = [e[0] for e in extras]
    b.actor(
        "channel-panel",
        f"{borough} Channel panel",
        "panel",
        "organisation",
        chair="local-authority",
        members=["local-authority", "police-prevent", *b.extras],
    )
    b.commissioners = ["home-office"]
    if rng.random() < 0.3:
        b.commissioners.append(b.actor("ctp", "Counter Terrorism Policing", "police", "oversight"))
    b.pre = rng.random() < 0.15
    b.post = rng.random() < 0.2
    b.planned = rng.randint(2, 6)
    b.tools.append(
        {"id": "vaf", "label": "Vulnerability Assessment Framework", "status": "current"}
    )


def first_contact(b: CaseBuilder) -> None:
    """An earlier referral that Prevent did not take on (re-referred later)."""
    rng = b.rng
    if rng.random() < 0.5:
        first = b.referrer
    else:
        _, org, label, type_, level, _p = pick_weighted(rng, REFERRERS, REFERRER_WEIGHTS)
        first = b.actor(org, label, type_, level)
    cid = b.free_concern(("symptom",))
    b.event(
        "first-referral",
        "referral",
        (0, 0),
        [first],
        to=["police-prevent"],
        about=[cid],
        summary="First referral to Prevent",
    )
    b.concern(cid, first, "first-referral")
    b.trigger(first)
    b.event(
        "first-screening",
        "assessment",
        (3, 20),
        ["police-prevent"],
        consulted=[first],
        summary="Police Prevent screened the first referral",
    )
    b.decision(
        "gateway-decision",
        (1, 14),
        "police-prevent",
        informed=[first],
        outcome="No further Prevent action; signposted to early help",
        rationale=rng.choice(DECLINE_WHY),
        about=[cid],
    )
    team = b.actor(
        "early-help-team",
        "Early help team",
        "local-authority",
        "front-line",
        part_of="local-authority",
    )
    b.event(
        "early-help",
        "intervention",
        (7, 40),
        [team],
        with_=[b.subject],
        summary="Early help support for the family",
    )
    b.concerns[-1]["addressed_by"] = ["early-help"]


def referral(b: CaseBuilder) -> None:
    rng = b.rng
    count = rng.randint(2, 4)
    chosen = [b.free_concern(("symptom",))]
    while len(chosen) < count:
        cid = b.free_concern(("symptom", "underlying", "risk", "need"))
        if cid not in chosen:
            chosen.append(cid)
    org_label = b.actors[b.referrer_org]["label"]
    ev = b.event(
        "referral",
        "referral",
        (90, 420) if b.pre else (0, 0),
        [b.referrer],
        to=["police-prevent"],
        about=chosen,
        summary=f"{org_label} referred {b.actors['subject']['label']} to Prevent",
    )
    if rng.random() < 0.3:
        ev["status"] = "delivered"
    b.trigger(b.referrer)
    b.referral_concerns = [b.concern(cid, b.referrer, "referral") for cid in chosen]
    screening = b.event(
        "screening",
        "assessment",
        (2, 21),
        ["police-prevent"],
        summary="Police Prevent gateway assessment of the referral",
    )
    if rng.random() < 0.7:
        screening["consulted"] = [b.referrer]
    b.police_concern = None
    if rng.random() < 0.25:
        cid = b.free_concern(("risk",))
        b.police_concern = b.concern(cid, "police-prevent", "screening")
    if b.extras and rng.random() < 0.4:
        sharer = rng.choice(b.extras)
        b.event(
            "info-sharing",
            "communication",
            (1, 14),
            [sharer],
            to=["police-prevent"],
            summary=f"{b.actors[sharer]['label']} shared its records with Prevent",
        )


def channel(b: CaseBuilder) -> None:
    rng = b.rng
    b.event(
        "referral-to-channel",
        "communication",
        (1, 21),
        ["police-prevent"],
        to=[rng.choice(("local-authority", "channel-panel"))],
        summary="Police Prevent referred the case to the Channel panel",
    )
    if rng.random() < 0.6:
        b.event(
            "vaf-assessment",
            "assessment",
            (3, 20),
            ["local-authority"],
            with_=["police-prevent"],
            tool="vaf",
            summary="Vulnerability assessment completed for the panel",
        )
    ev = b.decision(
        "adoption",
        (7, 35),
        "channel-panel",
        outcome="Adopted as a Channel case",
        rationale=rng.choice(ADOPT_WHY),
        tool="vaf",
        risk=rng.choice(("medium", "medium", "high")),
        stage={"name": "channel", "effect": "enter"},
        about=[c["id"] for c in b.concerns],
    )
    if rng.random() < 0.5:
        ev["informed"] = [b.subject]


def support(b: CaseBuilder) -> None:
    rng = b.rng
    planned = b.planned
    tasking = b.event(
        "tasking",
        "tasking",
        (3, 21),
        ["local-authority"],
        to=["intervention-provider"],
        planned=planned,
        summary=f"Intervention provider tasked with {planned} sessions",
    )
    if rng.random() < 0.3:
        tasking["status"] = "delivered"
    sessions = planned
    if b.plan.get("delivery-shortfall") == "main-tasking":
        sessions = rng.randint(1, planned - 1)
        if rng.random() < 0.5:
            tasking["delivered"] = sessions
    elif rng.random() < 0.4:
        tasking["delivered"] = planned
        if rng.random() < 0.3:  # the file records fewer sessions than were delivered
            sessions = rng.randint(1, planned)
    for i in range(1, sessions + 1):
        b.event(
            f"session-{i}",
            "intervention",
            (5, 30),
            ["intervention-provider"],
            under="tasking",
            with_=[b.subject],
            summary=f"Mentoring session {i}",
        )
    b.sessions = [f"session-{i}" for i in range(1, sessions + 1)]
    health = None
    if rng.random() < 0.3:
        health = b.actor(
            *rng.choice(
                (
                    (
                        "camhs",
                        "Child and adolescent mental health services",
                        "health",
                        "front-line",
                    ),
                    (
                        "mental-health-trust",
                        "NHS mental health trust",
                        "health",
                        "organisation",
                    ),
                )
            )
        )
        support = b.event(
            "health-support",
            "intervention",
            (3, 30),
            [health],
            with_=[b.subject],
            summary="Mental health support",
        )
        if rng.random() < 0.4:
            support["planned"] = support["delivered"] = rng.randint(3, 8)
        if rng.random() < 0.3:
            support["_free"] = True  # undated, no chain: still not later than the exit
    b.health = health
    for concern in b.concerns:
        if "addressed_by" in concern:
            continue
        picks = rng.sample(b.sessions, min(len(b.sessions), rng.randint(1, 3)))
        treatable = concern["nature"] == "underlying" or concern["id"] == "assessment-need"
        if health and treatable and rng.random() < 0.7:
            picks = [*picks[:1], "health-support"] if rng.random() < 0.5 else ["health-support"]
        concern["addressed_by"] = sorted(picks)
    if rng.random() < 0.2:
        j = rng.randrange(len(b.sessions))
        cid = b.free_concern(("underlying", "need"))
        b.concern(cid, "intervention-provider", b.sessions[j], addressed_by=b.sessions[j:][:2])
    if rng.random() < 0.5:
        b.event(
            "progress-report",
            "communication",
            (2, 14),
            ["intervention-provider"],
            to=[rng.choice(("local-authority", "channel-panel"))],
            summary="Intervention provider reported on progress",
        )
    if rng.random() < 0.4:
        b.event(
            "panel-review",
            "meeting",
            (7, 30),
            ["channel-panel"],
            with_=["intervention-provider"],
            summary="Panel reviewed progress",
        )
    if rng.random() < 0.5 and b.plan.get("broken-feedback-loop") != "silent-referrer":
        b.event(
            "referrer-update",
            "communication",
            (2, 30),
            ["police-prevent"],
            to=[b.referrer],
            summary="Police Prevent updated the referrer",
        )


def exit_and_reviews(b: CaseBuilder) -> None:
    rng = b.rng
    b.decision(
        "exit",
        (7, 40),
        "channel-panel",
        consulted=["intervention-provider"],
        informed=[b.referrer],
        outcome="Exited from Channel",
        rationale=rng.choice(EXIT_WHY),
        tool="vaf",
        risk="low",
        stage={"name": "channel", "effect": "exit"},
    )
    b.event(
        "review-6m",
        "review",
        (170, 200),
        ["channel-panel"],
        summary="Six-month post-exit review: no new concerns",
    )
    b.event(
        "review-12m",
        "review",
        (170, 200),
        ["channel-panel"],
        summary="Twelve-month post-exit review: no new concerns",
    )


def re_referral(b: CaseBuilder) -> None:
    rng = b.rng
    if rng.random() < 0.4:
        again = b.referrer
    else:
        _, org, label, type_, level, _p = pick_weighted(rng, REFERRERS, REFERRER_WEIGHTS)
        again = b.actor(org, label, type_, level)
    cids = [b.free_concern(("symptom", "risk"))]
    if rng.random() < 0.5:
        cids.append(b.free_concern(("underlying", "need")))
    b.event(
        "re-referral",
        "referral",
        (30, 300),
        [again],
        to=["police-prevent"],
        about=cids,
        summary="Re-referral to Prevent",
    )
    b.trigger(again)
    new = [b.concern(cid, again, "re-referral") for cid in cids]
    b.event(
        "re-screening",
        "assessment",
        (2, 21),
        ["police-prevent"],
        consulted=[again],
        summary="Police Prevent screened the re-referral",
    )
    ev = b.decision(
        "re-referral-decision",
        (7, 35),
        rng.choice(("channel-panel", "police-prevent")),
        informed=[again],
        outcome="Not adopted; signposted to local services",
        rationale=rng.choice(DECLINE_WHY),
        about=cids,
    )
    if rng.random() < 0.5:
        ev["tool"] = "vaf"
    helper = b.actor(
        *rng.choice(
            (
                ("youth-charity", "Youth charity", "charity", "front-line"),
                ("adult-social-care", "Adult social care", "social-care", "organisation"),
                ("early-help-team", "Early help team", "local-authority", "front-line"),
            )
        )
    )
    b.event(
        "signposting",
        "intervention",
        (7, 60),
        [helper],
        with_=[b.subject],
        summary="Support from local services after the re-referral",
    )
    for concern in new:
        concern["addressed_by"] = ["signposting"]
    b.re_referrer = again


def closure(b: CaseBuilder) -> None:
    rng = b.rng
    informed = [b.referrer]
    if b.post and b.re_referrer not in informed:
        informed.append(b.re_referrer)
    b.event(
        "closure",
        "closure",
        (1, 30),
        [rng.choice(("police-prevent", "local-authority"))],
        informed=informed,
        summary="Case closed on the Prevent case management tracker",
    )
