"""Question 3, coherence: which partners work together on which outcome, from preventive to intensive.

A partner takes part in an activity as its owner or as a co-delivering partner. Two partners work
together when they deliver an activity together (co-delivery) or contribute to the same outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from .base import Context, Ref, axis_order, involved, join, plural, quoted
from .fit import OutcomeLink
from .model import Section, Table


@dataclass
class PartnerOutcome:
    """One cell of the partner x outcome table."""

    partner: str
    outcome: str
    owned: list[str] = field(default_factory=list)  # activities the partner owns
    co_delivered: list[str] = field(default_factory=list)  # activities it co-delivers


@dataclass
class PartnerPair:
    a: str
    a_name: str
    b: str
    b_name: str
    co_delivered: list[str] = field(default_factory=list)  # activities both take part in
    shared_outcomes: list[str] = field(default_factory=list)  # outcomes both contribute to


@dataclass
class OutcomeTier:
    """Per outcome and tier (from versterken van de basis to intensief): activities and partners."""

    outcome: str
    tier: str  # "" when unknown
    tier_label: str
    activities: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)


@dataclass
class Coherence:
    partners: list[Ref]
    outcomes: list[Ref]
    table: list[PartnerOutcome]  # non-empty cells only
    pairs: list[PartnerPair]
    single_partner_outcomes: list[OutcomeLink]
    chain: list[OutcomeTier]


def compute(ctx: Context, outcomes: list[OutcomeLink]) -> Coherence:
    cells: dict[tuple[str, str], PartnerOutcome] = {}
    pairs: dict[tuple[str, str], PartnerPair] = {}
    tiers = axis_order(ctx, "tier")
    tier_labels = {k: lab for k, lab, _ in tiers}
    chain: dict[tuple[str, str], OutcomeTier] = {}
    known = {o.outcome for o in outcomes}
    for o in outcomes:
        for t, lab, retired in tiers:
            if not retired:
                chain[(o.outcome, t)] = OutcomeTier(o.outcome, t, lab)

    def pair(p: str, q: str) -> PartnerPair:
        found = pairs.get((p, q)) or pairs.get((q, p))
        if found is None:
            a, b = sorted((p, q), key=lambda x: (ctx.label(x).lower(), x))
            found = pairs[(a, b)] = PartnerPair(a, ctx.label(a), b, ctx.label(b))
        return found

    for act in ctx.acts:
        who = involved(act)
        owner = act.fields["partner"]
        tier = act.fields.get("tier") or ""
        for oid in act.fields.get("outcomes", ()):
            if oid not in known:
                continue
            for p in who:
                cell = cells.get((p, oid))
                if cell is None:
                    cell = cells[(p, oid)] = PartnerOutcome(p, oid)
                (cell.owned if p == owner else cell.co_delivered).append(act.id)
            step = chain.get((oid, tier))
            if step is None:
                label = ctx.value_label(tier) if tier else "onbekend"
                step = chain[(oid, tier)] = OutcomeTier(oid, tier, label)
            step.activities.append(act.id)
            step.partners.extend(p for p in who if p not in step.partners)
        for p, q in combinations(who, 2):
            pair(p, q).co_delivered.append(act.id)
    for o in outcomes:
        for p, q in combinations(o.partners, 2):
            pair(p, q).shared_outcomes.append(o.outcome)
    partner_ids = {p.id for p in ctx.partners}
    order = {o.outcome: n for n, o in enumerate(outcomes)}
    return Coherence(
        partners=[Ref(p.id, p.fields["name"]) for p in ctx.partners],
        outcomes=[Ref(o.outcome, o.title) for o in outcomes],
        table=sorted(cells.values(), key=lambda c: (ctx.label(c.partner).lower(), order[c.outcome])),
        pairs=sorted(
            (p for p in pairs.values() if p.a in partner_ids and p.b in partner_ids),
            key=lambda p: (-len(p.co_delivered) - len(p.shared_outcomes), p.a_name.lower(), p.b_name.lower()),
        ),
        single_partner_outcomes=[o for o in outcomes if len(o.partners) == 1],
        chain=sorted(
            chain.values(),
            key=lambda s: (order[s.outcome], [k for k, _, _ in tiers].index(s.tier) if s.tier in tier_labels else 99),
        ),
    )


def section(ctx: Context, coh: Coherence) -> Section:
    sec = Section(
        "coherence",
        "Is het aanbod samenhangend?",
        "Is het aanbod samenhangend: welke partners werken samen aan welk resultaat, van preventief tot intensief?",
    )
    together = [p for p in coh.pairs if p.co_delivered]
    if not coh.table:
        sec.lines.append(
            "Er zijn nog geen activiteiten aan resultaten gekoppeld, dus samenwerking is nog niet te zien."
        )
    else:
        sec.lines.append(
            f"{plural(len({c.partner for c in coh.table}), 'partner draagt', 'partners dragen')} bij aan "
            f"{plural(len({c.outcome for c in coh.table}), 'resultaat', 'resultaten')}."
        )
    if together:
        best = together[0]
        sec.lines.append(
            f"{plural(len(together), 'paar partners voert', 'paren partners voeren')} samen activiteiten uit; het meest "
            f"'{best.a_name}' en '{best.b_name}' ({plural(len(best.co_delivered), 'activiteit', 'activiteiten')})."
        )
    elif ctx.acts:
        sec.lines.append("Geen enkele activiteit wordt door meer dan één partner uitgevoerd.")
    if coh.single_partner_outcomes:
        sec.lines.append(
            f"Aan {quoted([o.title for o in coh.single_partner_outcomes])} werkt maar één partner: "
            f"{join(sorted({ctx.label(o.partners[0]) for o in coh.single_partner_outcomes}))}."
        )
    for o in coh.outcomes:
        steps = [s for s in coh.chain if s.outcome == o.id and s.tier]
        missing = [s.tier_label for s in steps if not s.activities]
        if missing and len(missing) < len(steps):
            sec.lines.append(f"Voor '{o.label}' is er geen aanbod in: {join(missing)}.")

    table = Table("Partners x resultaten", ["Partner", *[o.label for o in coh.outcomes]])
    by_cell = {(c.partner, c.outcome): c for c in coh.table}
    for p in coh.partners:
        row: list[str | int | float | None] = [p.label]
        sources: list[str] = []
        for o in coh.outcomes:
            cell = by_cell.get((p.id, o.id))
            row.append(len(cell.owned) + len(cell.co_delivered) if cell else 0)
            if cell:
                sources.extend(a for a in cell.owned + cell.co_delivered if a not in sources)
        table.rows.append(row)
        table.sources.append(sources)
    work = Table("Samenwerkende partners", ["Partner", "Partner", "Samen uitgevoerd", "Gedeelde resultaten"])
    for pp in coh.pairs:
        work.rows.append([pp.a_name, pp.b_name, len(pp.co_delivered), len(pp.shared_outcomes)])
        # the activities delivered together; the shared outcomes' activities are rows of the table above
        work.sources.append(list(pp.co_delivered))
    ladder = Table(
        "Van basis tot intensief, per resultaat", ["Resultaat", "Soort activiteit", "Activiteiten", "Partners"]
    )
    titles = {o.id: o.label for o in coh.outcomes}
    for s in coh.chain:
        ladder.rows.append([titles[s.outcome], s.tier_label, len(s.activities), len(s.partners)])
        ladder.sources.append(list(s.activities))
    sec.tables.extend([table, work, ladder])
    return sec
