"""What each key of the case file format means, with an example value.

Keyed by the same key paths as the format's table in ``spec.py`` (``event.by``,
``case.review.title``, ``citation.quote``); tests/test_casefile_schema.py checks that
every key of the table has an entry here and that no entry names a key the table does
not have, so the two cannot drift. The JSON Schema (``casegraph schema``: what an
editor shows on hover) and the skeleton of ``casegraph new`` are written from both.
Kept beside the table rather than in it so that its long prose does not crowd the
rules.
"""

from __future__ import annotations

from typing import Any

_CITE = {"ref": "review", "quote": "he was referred by his school", "locator": "p. 12"}

# key path -> (description, example value)
KEY_DOCS: dict[str, tuple[str, Any]] = {
    "casegraph": ("The case file format version; always 1.", 1),
    "case": (
        "The case under review: its id, title, subject, period and review.",
        {"id": "fictional-2019-a", "title": "Handling of Person A's referral"},
    ),
    "case.id": (
        "The case's id: lower-case letters, digits and hyphens. Becomes the IRI base and the "
        "named graph of the case.",
        "fictional-2019-a",
    ),
    "case.title": ("A title for the case.", "Handling of Person A's referral, 2019-2020"),
    "case.subject": ("Actor id of the person at the centre of the case.", "person-a"),
    "case.period": (
        "The period the case covers: start and end dates.",
        {"start": "2019-03", "end": "2020-11"},
    ),
    "case.period.start": ("Start of the period: YYYY, YYYY-MM or YYYY-MM-DD.", "2019-03"),
    "case.period.end": ("End of the period: YYYY, YYYY-MM or YYYY-MM-DD.", "2020-11"),
    "case.review": (
        "The review of the case: title, kind, publication, who commissioned it.",
        {"title": "Learning review of Person A", "kind": "prevent-learning-review"},
    ),
    "case.silent_on": (
        "Aspects the case's sources do not cover, so that their absence is no evidence of a "
        "gap: ownership, discharge, rationale, responses, communications, participation, "
        "recommendations.",
        ["recommendations"],
    ),
    "case.review.title": ("The review's title.", "Learning review of Person A"),
    "case.review.kind": (
        "The kind of review, in free text: prevent-learning-review, "
        "child-safeguarding-practice-review, domestic-homicide-review, ...",
        "prevent-learning-review",
    ),
    "case.review.published": ("When the review was published.", "2021-06"),
    "case.review.commissioned_by": ("Actor ids of who commissioned the review.", ["home-office"]),
    "sources": (
        "The documents the facts come from; items cite them with `source`.",
        [{"id": "review", "title": "Learning review of Person A", "kind": "review-report"}],
    ),
    "actors": (
        "Everyone who acts or is acted upon: agencies, teams, panels, people.",
        [{"id": "police-prevent", "label": "Police Prevent team", "type": "police"}],
    ),
    "concerns": (
        "What was identified about the subject: vulnerabilities, needs, risks.",
        [{"id": "withdrawal", "label": "Withdrawn from friends", "nature": "symptom"}],
    ),
    "duties": (
        "Responsibilities someone should hold, who held them, who carried them out.",
        [{"id": "keep-referrer-informed", "label": "Keep the referrer informed"}],
    ),
    "tools": (
        "Assessment tools or frameworks used in decisions.",
        [{"id": "vaf-2012", "label": "Vulnerability Assessment Framework", "status": "outdated"}],
    ),
    "events": (
        "Everything that happened, decisions included, in any order.",
        [{"id": "referral", "kind": "referral", "date": "2019-03", "by": "teacher"}],
    ),
    "findings": (
        "The reviewer's findings, with the items that evidence them.",
        [{"id": "f1", "text": "The referrer was not kept informed."}],
    ),
    "recommendations": (
        "The review's recommendations and the findings they answer.",
        [{"id": "r1", "text": "Keep referrers informed.", "addresses": ["f1"]}],
    ),
    "source.id": ("The source's id, cited as `source: {ref: <id>}`.", "review"),
    "source.title": ("The document's title.", "Learning review of Person A"),
    "source.kind": ("What kind of document it is.", "review-report"),
    "source.url": ("Where the document can be read.", "https://example.org/review.pdf"),
    "source.published": ("When the document was published.", "2021-06"),
    "source.file": (
        "The document's text as a local file (.txt, .md, .html or .pdf), relative to the case "
        "file; validate checks every quote citing this source against it.",
        "../sources/review.pdf",
    ),
    "source.sha256": (
        "SHA-256 of `file` when its quotes were last checked; validate reports a file that "
        "changed since (casegraph draft writes it).",
        "3f5a6c0e9b7d4c2a1f8e6d5c4b3a29181706f5e4d3c2b1a09f8e7d6c5b4a3928",
    ),
    "actor.id": ("The actor's id, used in by, to, holders, ...", "police-prevent"),
    "actor.label": ("The actor's name as the review gives it.", "Police Prevent team"),
    "actor.type": ("What kind of actor it is.", "police"),
    "actor.level": (
        "Where the actor sits: government down to front-line, or the subject.",
        "front-line",
    ),
    "actor.part_of": (
        "Actor id of the organisation this team or person belongs to.",
        "local-authority",
    ),
    "actor.chair": ("Actor id of who chairs this panel.", "local-authority"),
    "actor.members": (
        "Actor ids of this panel's members (one level deep).",
        ["local-authority", "police-prevent"],
    ),
    "actor.source": ("Where the actor is named: {ref, quote, locator} or a list of them.", _CITE),
    "concern.id": ("The concern's id.", "withdrawal"),
    "concern.label": ("The concern in a few words.", "Withdrawn from friends, change in behaviour"),
    "concern.nature": ("A symptom, an underlying cause, a risk or a need.", "symptom"),
    "concern.identified_by": ("Actor id of who identified it.", "teacher"),
    "concern.identified_at": ("Event id of when it was identified.", "referral"),
    "concern.addressed_by": (
        "Event ids that worked on it; empty or absent: not addressed.",
        ["mentoring-1"],
    ),
    "concern.source": ("Where the concern is stated: {ref, quote, locator} or a list.", _CITE),
    "duty.id": ("The duty's id.", "keep-referrer-informed"),
    "duty.label": ("The duty in a few words.", "Keep the referrer informed of progress"),
    "duty.holders": (
        "Who held the duty: a list of {actor, role, basis}.",
        [{"actor": "police-prevent", "role": "responsible", "basis": "guidance"}],
    ),
    "duty.discharged_by": (
        "Event ids that carried the duty out; empty or absent: not discharged.",
        ["referrer-update"],
    ),
    "duty.clarity": ("How clearly the duty was owned, as a source states it.", "blurred"),
    "duty.source": ("Where the duty is stated: {ref, quote, locator} or a list.", _CITE),
    "tool.id": ("The tool's id, used as an event's `tool`.", "vaf-2012"),
    "tool.label": ("The tool's name.", "Vulnerability Assessment Framework (2012)"),
    "tool.status": ("Whether the tool was current or outdated.", "outdated"),
    "tool.superseded": ("From when the tool was out of date.", "2013-06"),
    "tool.source": ("Where the tool is named: {ref, quote, locator} or a list.", _CITE),
    "event.id": ("The event's id, used in after, before, about, ...", "referral"),
    "event.kind": ("What kind of event it was.", "referral"),
    "event.date": (
        "When: YYYY, YYYY-MM or YYYY-MM-DD (a partial date is the whole period).",
        "2019-03",
    ),
    "event.by": ("Actor id(s) of who did it.", "teacher"),
    "event.to": (
        "Actor id(s) it was addressed to (referrals, communications, taskings).",
        ["police-prevent"],
    ),
    "event.with": ("Actor id(s) of who else took part.", ["person-a"]),
    "event.consulted": (
        "Actor id(s) consulted or taking part in a decision.",
        ["police-prevent"],
    ),
    "event.informed": ("Actor id(s) told the outcome.", ["school"]),
    "event.about": ("Concern id(s) raised or considered.", ["withdrawal"]),
    "event.summary": ("What happened, in a sentence.", "Teacher referred Person A to Prevent."),
    "event.outcome": ("What was decided or came of it.", "Adopted to Channel"),
    "event.rationale": (
        "Why it was decided; absent or empty: no rationale recorded.",
        "Ideological concerns warranted support",
    ),
    "event.tool": ("Tool id of the assessment tool used.", "vaf-2012"),
    "event.risk": ("The risk level decided on.", "medium"),
    "event.stage": (
        "A named stage this event enters or exits: {name, effect}.",
        {"name": "channel", "effect": "enter"},
    ),
    "event.stage.name": ("The stage's name.", "channel"),
    "event.stage.effect": ("Whether the event enters or exits the stage.", "enter"),
    "event.status": ("Whether what was passed on arrived as meant.", "miscommunicated"),
    "event.planned": ("Sessions or units commissioned.", 2),
    "event.delivered": ("Sessions or units delivered; absent: count the events `under` it.", 1),
    "event.under": (
        "Event id of the tasking this intervention was delivered under.",
        "mentor-tasking",
    ),
    "event.after": ("Event id(s) this event came after.", ["referral"]),
    "event.before": ("Event id(s) this event came before.", ["exit"]),
    "event.source": ("Where the event is told: {ref, quote, locator} or a list.", _CITE),
    "finding.id": ("The finding's id, used in a recommendation's `addresses`.", "f1"),
    "finding.text": (
        "The finding in the review's words.",
        "The support did not address the underlying vulnerabilities.",
    ),
    "finding.theme": (
        "A gap id from the catalogue or a free theme (one or a list).",
        "unaddressed-concern",
    ),
    "finding.evidence": (
        "Ids of any items that evidence the finding.",
        ["withdrawal", "mentoring-1"],
    ),
    "finding.source": ("Where the finding is stated: {ref, quote, locator} or a list.", _CITE),
    "recommendation.id": ("The recommendation's id.", "r1"),
    "recommendation.text": (
        "The recommendation in the review's words.",
        "Keep referrers involved in risk discussions.",
    ),
    "recommendation.addresses": ("Finding ids this recommendation answers.", ["f1"]),
    "recommendation.owner": ("Actor id of who is to carry it out.", "home-office"),
    "recommendation.status": ("How far it has been carried out.", "open"),
    "recommendation.source": ("Where it is stated: {ref, quote, locator} or a list.", _CITE),
    "citation.ref": ("Id of the source document.", "review"),
    "citation.quote": (
        "The exact words from the source, character for character.",
        "he was referred by his school",
    ),
    "citation.locator": ("Where in the source: a page, a paragraph.", "p. 12"),
    "holder.actor": ("Actor id of the holder.", "police-prevent"),
    "holder.role": ("The holder's role (RACI).", "responsible"),
    "holder.basis": (
        "On what the holding rests: guidance, practice, a claim, the reviewer.",
        "guidance",
    ),
}
