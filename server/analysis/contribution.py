"""Question 6, contribution: per partner its activities, reach and budget, per outcome.

Reach and budget belong to the owning partner; co-delivered activities are listed beside them. An activity
linked to several outcomes counts in full for each (NJi: the link is rarely one-to-one), so the figures
per outcome of a partner do not add up to its total; activities linked to no outcome are counted under
"geen resultaat gekoppeld".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.state import StoredObject
from .base import Context, Count, activities_word, eur, num
from .model import Section, Table

NO_OUTCOME = ""
NO_OUTCOME_LABEL = "geen resultaat gekoppeld"


@dataclass
class PartnerContribution:
    partner: str
    name: str
    total: Count  # the partner's own activities
    co_delivered: list[str] = field(default_factory=list)  # activities of others it takes part in
    outcomes: list[Count] = field(default_factory=list)  # its own activities per outcome, in outcome order


@dataclass
class Contribution:
    partners: list[PartnerContribution]
    total_reach: int
    total_budget: float


def compute(ctx: Context) -> Contribution:
    order = [(o.id, o.fields["title"]) for o in ctx.outcomes]
    known = {oid for oid, _ in order}
    by_partner: dict[str, PartnerContribution] = {}
    per: dict[str, dict[str, Count]] = {}
    for p in ctx.partners:
        by_partner[p.id] = PartnerContribution(p.id, p.fields["name"], Count(p.id, p.fields["name"]))
        per[p.id] = {}
    own: dict[str, list[StoredObject]] = {}  # partner -> its activities
    linked: dict[str, dict[str, list[StoredObject]]] = {}  # partner -> outcome -> its activities for it
    for act in ctx.acts:
        owner = act.fields["partner"]
        if owner not in by_partner:  # a partner that is gone; cannot happen through the rules
            by_partner[owner] = PartnerContribution(owner, ctx.label(owner), Count(owner, ctx.label(owner)))
            per[owner] = {}
        own.setdefault(owner, []).append(act)
        groups = linked.setdefault(owner, {})
        for oid in [o for o in dict.fromkeys(act.fields.get("outcomes", ())) if o in known] or [NO_OUTCOME]:
            group = groups.get(oid)
            if group is None:
                group = groups[oid] = []
            group.append(act)
        for co in dict.fromkeys(act.fields.get("co_partners", ())):
            if co in by_partner and co != owner:
                by_partner[co].co_delivered.append(act.id)
    for owner, acts in own.items():
        by_partner[owner].total.add_all(acts, ctx.figures(acts))
        for oid, acts in linked[owner].items():
            count = per[owner][oid] = Count(oid, ctx.label(oid) if oid else NO_OUTCOME_LABEL)
            count.add_all(acts, ctx.figures(acts))
    rank = {oid: n for n, (oid, _) in enumerate(order)}
    for pid, pc in by_partner.items():
        pc.outcomes = sorted(per[pid].values(), key=lambda c: rank.get(c.key, len(rank)))
        for c in pc.outcomes:
            c.share = 100.0 * c.activities / pc.total.activities if pc.total.activities else 0.0
    partners = sorted(by_partner.values(), key=lambda pc: (-pc.total.activities, pc.name.lower()))
    return Contribution(
        partners,
        sum(pc.total.reach for pc in partners),
        sum(pc.total.budget for pc in partners),
    )


def section(ctx: Context, con: Contribution) -> Section:
    sec = Section(
        "contribution",
        "Wat draagt elke partner bij?",
        "Wat draagt iedere speler bij aan elk resultaat?",
    )
    active = [pc for pc in con.partners if pc.total.activities or pc.co_delivered]
    if not active:
        sec.lines.append("Er zijn nog geen activiteiten, dus nog geen bijdragen per partner.")
    else:
        top = active[0]
        who = f"Alle {len(active)}" if len(active) == len(con.partners) else f"{len(active)} van de {len(con.partners)}"
        sec.lines.append(
            f"{who} partners voeren activiteiten uit; '{top.name}' het meest ({activities_word(top.total.activities)})."
        )
        if con.total_budget:
            by_budget = max(active, key=lambda pc: pc.total.budget)
            sec.lines.append(
                f"Het bekende budget is samen {eur(con.total_budget)}; het meeste daarvan ligt bij "
                f"'{by_budget.name}' ({eur(by_budget.total.budget)})."
            )
        idle = [pc.name for pc in con.partners if not pc.total.activities and not pc.co_delivered]
        if idle:
            sec.lines.append(f"Zonder activiteit: {', '.join(idle)}.")
        sec.lines.append(
            "Een activiteit die aan meer resultaten bijdraagt, telt bij elk resultaat volledig mee; het bereik is "
            f"opgeteld over alle eenheden (kinderen, ouders, gezinnen ...): samen {num(con.total_reach)} per jaar."
        )
    summary = Table(
        "Bijdrage per partner",
        ["Partner", "Eigen activiteiten", "Mede uitgevoerd", "Bereik", "Budget", "Bereik onbekend", "Budget onbekend"],
    )
    detail = Table("Bijdrage per partner en resultaat", ["Partner", "Resultaat", "Activiteiten", "Bereik", "Budget"])
    for pc in con.partners:
        t = pc.total
        summary.rows.append(
            [
                pc.name,
                t.activities,
                len(pc.co_delivered),
                t.reach,
                round(t.budget, 2),
                t.reach_unknown,
                t.budget_unknown,
            ]
        )
        summary.sources.append(list(t.sources) + list(pc.co_delivered))
        for c in pc.outcomes:
            detail.rows.append([pc.name, c.label, c.activities, c.reach, round(c.budget, 2)])
            detail.sources.append(list(c.sources))
    sec.tables.extend([summary, detail])
    return sec
