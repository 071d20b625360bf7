"""Question 2, diversity: how the offer spreads over age bands, leefdomeinen, forms, themes and
protective factors, and which of those have nothing or little."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.schema import FORMS
from .base import Context, Distribution, activities_word, axis_order, distribute, many, quoted, single
from .model import Section, Table


@dataclass
class Diversity:
    age_bands: Distribution
    domains: Distribution
    forms: Distribution
    themes: Distribution
    protective_factors: Distribution

    def all(self) -> list[Distribution]:
        return [self.age_bands, self.domains, self.forms, self.themes, self.protective_factors]


def compute(ctx: Context) -> Diversity:
    def axis(key: str, label: str, fld: str) -> Distribution:
        return distribute(ctx, key, label, axis_order(ctx, key), lambda a: many(a, fld), multi=True)

    forms = distribute(ctx, "form", "Vorm", [(f, f, False) for f in FORMS], lambda a: single(a, "form"), multi=False)
    return Diversity(
        age_bands=axis("age_band", "Leeftijd", "age_bands"),
        domains=axis("domain", "Leefdomein", "domains"),
        forms=forms,
        themes=axis("theme", "Thema", "themes"),
        protective_factors=axis("protective_factor", "Beschermende factor", "protective_factors"),
    )


_NOUN = {  # (article, noun)
    "age_band": ("de", "leeftijd"),
    "domain": ("het", "leefdomein"),
    "form": ("de", "vorm"),
    "theme": ("het", "thema"),
    "protective_factor": ("de", "beschermende factor"),
}


def _line(dist: Distribution) -> list[str]:
    article, noun = _NOUN.get(dist.key, ("de", dist.label.lower()))
    valued = [c for c in dist.items if c.key]
    if not dist.total or not valued:
        return []
    top = max(valued, key=lambda c: c.activities)
    out = [
        f"{dist.label}: het meeste aanbod is er voor '{top.label}' ({activities_word(top.activities)}, "
        f"{top.share:.0f}% van het aanbod)."
        if top.activities
        else f"{dist.label}: bij geen enkele activiteit ingevuld."
    ]
    if dist.empty and top.activities:
        out.append(f"Voor {noun} {quoted(dist.empty)} is er geen enkele activiteit.")
    if dist.thin:
        out.append(f"Weinig aanbod (minder dan de helft van het gemiddelde per {noun}) voor {quoted(dist.thin)}.")
    unknown = dist.item("")
    if unknown is not None:
        out.append(f"Bij {activities_word(unknown.activities)} is {article} {noun} niet ingevuld (onbekend).")
    return out


def section(ctx: Context, div: Diversity) -> Section:
    sec = Section(
        "diversity",
        "Is het aanbod divers genoeg?",
        "Is het aanbod divers genoeg: voor alle leeftijden, individueel en in groepen, gericht op verschillende "
        "doelen, problemen, risico- en beschermende factoren?",
    )
    if not ctx.acts:
        sec.lines.append("Er zijn nog geen activiteiten, dus ook nog geen spreiding om te beoordelen.")
    forms = {c.key: c for c in div.forms.items}
    if ctx.acts:
        parts = [f"{forms[f].activities} {f}" for f in FORMS if f in forms]
        sec.lines.append(f"Vorm van het aanbod: {', '.join(parts)} (van {activities_word(len(ctx.acts))}).")
    for dist in div.all():
        sec.lines.extend(_line(dist) if dist.key != "form" else _line(dist)[1:])
    if ctx.acts:
        sec.lines.append(
            "Een activiteit met meer leeftijden, leefdomeinen, thema's of factoren telt bij elk daarvan mee; "
            "de percentages tellen daar dus op tot meer dan 100%."
        )
    for dist in div.all():
        table = Table(dist.label, [dist.label, "Activiteiten", "% van de activiteiten", "Bereik"])
        for c in dist.items:
            table.rows.append([c.label, c.activities, round(c.share, 1), c.reach])
            table.sources.append(list(c.sources))
        sec.tables.append(table)
    return sec
