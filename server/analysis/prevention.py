"""Question 4, prevention: the share of activities, reach and budget per prevention level and per tier,
held against the pyramid (each level wider than the next, more universal than indicated).

This reports; it never advises. The seed's warning holds: a low problem rate is no reason to stop a
preventive offer, and the section says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import Context, Count, Distribution, activities_word, axis_order, distribute, join, num, pct, single
from .model import Section, Table

WARNING = (
    "Deze cijfers beschrijven het huidige aanbod; ze zijn geen advies. Een laag probleemcijfer betekent niet dat "
    "preventief aanbod overbodig is: het kan juist laag zijn dankzij die preventie."
)


@dataclass
class Inversion:
    """Two neighbouring levels where the narrower one has more than the wider one."""

    wider: str
    wider_label: str
    narrower: str
    narrower_label: str
    measure: str  # "activiteiten" or "bereik"
    wider_value: float
    narrower_value: float


@dataclass
class Pyramid:
    measure: str  # "activiteiten" or "bereik"
    follows: bool  # every level at least as large as the next, narrower one
    inversions: list[Inversion] = field(default_factory=list)


@dataclass
class Prevention:
    levels: Distribution  # single-valued: shares add up to 100%
    tiers: Distribution
    universal_share: float  # % of activities at the widest level (universeel)
    indicated_share: float  # % at the levels after the second (geïndiceerd and zorggericht)
    more_universal: bool  # universal_share > indicated_share, as the pyramid has it
    pyramid: list[Pyramid] = field(default_factory=list)  # by activities and by reach
    tier_pyramid: list[Pyramid] = field(default_factory=list)
    warning: str = WARNING


def _pyramid(items: list[Count], measure: str) -> Pyramid:
    steps = [c for c in items if c.key and not c.retired]
    out = Pyramid(measure, True)
    for wide, narrow in zip(steps, steps[1:], strict=False):
        a = wide.activities if measure == "activiteiten" else wide.reach
        b = narrow.activities if measure == "activiteiten" else narrow.reach
        if b > a:
            out.follows = False
            out.inversions.append(Inversion(wide.key, wide.label, narrow.key, narrow.label, measure, a, b))
    return out


def compute(ctx: Context) -> Prevention:
    levels = distribute(
        ctx,
        "prevention_level",
        "Preventieniveau",
        axis_order(ctx, "prevention_level"),
        lambda a: single(a, "prevention_level"),
        multi=False,
    )
    tiers = distribute(
        ctx, "tier", "Soort activiteit", axis_order(ctx, "tier"), lambda a: single(a, "tier"), multi=False
    )
    valued = [c for c in levels.items if c.key and not c.retired]
    universal = valued[0].share if valued else 0.0
    indicated = sum(c.share for c in valued[2:])
    return Prevention(
        levels=levels,
        tiers=tiers,
        universal_share=universal,
        indicated_share=indicated,
        more_universal=universal > indicated,
        pyramid=[_pyramid(levels.items, "activiteiten"), _pyramid(levels.items, "bereik")],
        tier_pyramid=[_pyramid(tiers.items, "activiteiten"), _pyramid(tiers.items, "bereik")],
    )


def _shares(dist: Distribution, attr: str) -> str:
    return join([f"{c.label} {pct(getattr(c, attr))}" for c in dist.items], 99)


def _pyramid_line(what: str, pyr: Pyramid) -> str:
    if pyr.follows:
        return f"{what} volgt naar {pyr.measure} de piramide: elk niveau is minstens zo groot als het volgende."
    wrong = join(
        [
            f"'{i.narrower_label}' ({num(i.narrower_value)}) is groter dan '{i.wider_label}' ({num(i.wider_value)})"
            for i in pyr.inversions
        ],
        99,
    )
    return f"{what} wijkt naar {pyr.measure} af van de piramide: {wrong}."


def section(ctx: Context, prev: Prevention) -> Section:
    sec = Section(
        "prevention",
        "Is het aanbod preventief genoeg?",
        "Is het aanbod preventief genoeg: kan lichte hulp door lokale teams groeien en kan verblijf "
        "verschuiven naar ambulante hulp?",
    )
    lines = sec.lines
    if not ctx.acts:
        lines.append("Er zijn nog geen activiteiten, dus er is nog geen verdeling over de preventieniveaus.")
    else:
        lev, tiers = prev.levels, prev.tiers
        lines.append(f"Aandeel van de activiteiten per preventieniveau: {_shares(lev, 'share')}.")
        if lev.total_reach:
            lines.append(f"Aandeel van het bereik per preventieniveau: {_shares(lev, 'reach_share')}.")
        unknown = sum(c.reach_unknown for c in lev.items)
        if unknown:
            lines.append(f"Bij {activities_word(unknown)} is het bereik onbekend; die tellen wel mee bij de aantallen.")
        if lev.total_budget:
            lines.append(f"Aandeel van het bekende budget per preventieniveau: {_shares(lev, 'budget_share')}.")
        valued = [c for c in lev.items if c.key and not c.retired]
        if len(valued) >= 3:
            first, rest = valued[0].label, [c.label for c in valued[2:]]
            verdict = (
                f"er is meer {first} aanbod dan {join(rest, 99)} samen, zoals in de piramide"
                if prev.more_universal
                else f"er is niet meer {first} aanbod dan {join(rest, 99)} samen, terwijl in de piramide het "
                f"niveau '{first}' het breedst is"
            )
            lines.append(
                f"{pct(prev.universal_share)} van de activiteiten is {first}, {pct(prev.indicated_share)} is "
                f"{join(rest, 99).replace(' en ', ' of ')}: {verdict}."
            )
        for pyr in prev.pyramid:
            if pyr.measure == "activiteiten" or lev.total_reach:
                lines.append(_pyramid_line("Het aanbod", pyr))
        lines.append(f"Aandeel van de activiteiten per soort activiteit: {_shares(tiers, 'share')}.")
        if tiers.total_budget:
            lines.append(f"Aandeel van het bekende budget per soort activiteit: {_shares(tiers, 'budget_share')}.")
    lines.append(WARNING)
    for dist in (prev.levels, prev.tiers):
        table = Table(
            dist.label,
            [
                dist.label,
                "Activiteiten",
                "% activiteiten",
                "Bereik",
                "% bereik",
                "Budget",
                "% budget",
                "Bereik onbekend",
            ],
        )
        for c in dist.items:
            table.rows.append(
                [
                    c.label,
                    c.activities,
                    round(c.share, 1),
                    c.reach,
                    round(c.reach_share, 1),
                    round(c.budget, 2),
                    round(c.budget_share, 1),
                    c.reach_unknown,
                ]
            )
            table.sources.append(list(c.sources))
        sec.tables.append(table)
    return sec
