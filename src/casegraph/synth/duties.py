"""The duties of a clean case: who is responsible, accountable, consulted or informed.

Each duty names its holders, the basis of each holding (guidance or practice) and
the events that discharged it; the plants then break some of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casegraph.synth.builder import CaseBuilder


def base_duties(b: CaseBuilder) -> None:
    """Who holds which duty on what basis, and the events that discharged it."""
    rng = b.rng
    basis = rng.choice(("guidance", "practice"))

    def duty(
        did: str, label: str, holders: Sequence[tuple[str, str, str | None]], done: list[str]
    ) -> None:
        b.duties.append(
            {
                "id": did,
                "label": label,
                "holders": [
                    {"actor": a, "role": r, **({"basis": ground} if ground else {})}
                    for a, r, ground in holders
                ],
                "discharged_by": done,
            }
        )

    if rng.random() < 0.6:
        ground = None if rng.random() < 0.1 else "guidance"
        holders = [("police-prevent", "responsible", ground)]
        if rng.random() < 0.5:
            holders.append(("police-prevent", "accountable", ground))
        duty(
            "screen-referral",
            "Screen the referral and gather information",
            holders,
            ["screening"],
        )
    own = [("local-authority", "accountable", "guidance")]
    if rng.random() < 0.3:
        own.append(("local-authority", "accountable", "practice"))
    own.append(("police-prevent", "consulted", "guidance"))
    duty("case-ownership", "Own and coordinate the Channel case", own, ["adoption", "exit"])
    duty(
        "commission-support",
        "Commission the intervention provider",
        [
            ("local-authority", "responsible", basis),
            ("intervention-provider", "informed", "practice"),
        ],
        ["tasking"],
    )
    if rng.random() < 0.6:
        duty(
            "deliver-support",
            "Deliver the commissioned sessions",
            [
                ("intervention-provider", "responsible", "practice"),
                ("local-authority", "accountable", "practice"),
            ],
            b.sessions[:3],
        )
    duty(
        "keep-referrer-informed",
        "Keep the referrer informed of progress and outcome",
        [
            ("police-prevent", "responsible", "guidance"),
            (b.referrer, "informed", "guidance"),
        ],
        ["referrer-update"] if b.has("referrer-update") else ["exit"],
    )
    if rng.random() < 0.6:
        duty(
            "post-exit-review",
            "Review the case six and twelve months after exit",
            [
                ("local-authority", "accountable", "guidance"),
                ("police-prevent", "responsible", "guidance"),
            ],
            ["review-6m", "review-12m"],
        )
    if b.has("info-sharing"):
        sharer = b.ev("info-sharing")["by"][0]
        duty(
            "share-information",
            "Share relevant records with Prevent",
            [(sharer, "responsible", "practice")],
            ["info-sharing"],
        )
