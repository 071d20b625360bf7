"""Question 1, duplicates: activities of different partners that probably overlap.

Only activities in the same cell of the view are compared (at most O(n^2) per cell), and only when their
owning partners differ and their age bands overlap (or one of them has none filled in). A pair's score is
the mean of two percentages:

- text: ``rapidfuzz.fuzz.token_set_ratio`` of name, description and contribution sentence, lower-cased,
  accents and punctuation removed and Dutch function words (and the fixed "We doen ..., zodat ..."
  words) dropped, so two texts are compared on the words that say what the activity does;
- profile: the share of their attribute values they have in common (Jaccard overlap of the values of
  age bands, leefdomeinen, themes, protective factors, outcomes, form, tier and levels taken together),
  leaving out the two axes of the view, which every pair in a cell shares anyway; an attribute left empty
  shares nothing.

Dutch compounds ("anti-pestprogramma" against "anti-pestlessen") defeat word-level text matching, so text
alone misses real overlaps; the profile adds "the same kind of thing for the same children and goal".
A pair is flagged when the text is at least TEXT_MIN and the mean, rounded, at least THRESHOLD; see the
constants.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..domain.axes import AXES
from ..domain.matrix import MatrixView
from ..domain.state import StoredObject
from .base import Context, join, num, plural
from .model import Section, Table

# Calibrated on the demo workspace, whose near-duplicates are known (server/demo_data.py), over the 127
# pairs of different partners sharing a cell of the Preventiematrix:
# - text: median 45, 90th percentile 54 (Dutch youth-care texts share words like "kinderen", "ouders",
#   "school"); the known pairs have 53-74. Below 50 (what 78% of the pairs stay under) the texts say
#   nothing alike, whatever the profile.
TEXT_MIN = 50
# - score: median 41, 90th percentile 57; the known pairs score 66.6-76.8 and the closest other pair 64.7
#   (two specialist treatments for the same children and outcome, but different methods). A pair is
#   flagged when its score, rounded, is at least 66: text and profile together about two-thirds alike,
#   e.g. text 55 with 77% of the attributes shared, or text 70 with 62% shared. The margin is small: the
#   score ranks, the "why" explains, and the meeting decides.
THRESHOLD = 66

PROFILE_FIELDS = (
    "age_bands",
    "domains",
    "themes",
    "protective_factors",
    "outcomes",
    "form",
    "tier",
    "po_level",
    "prevention_level",
)

_STOP = """
    de het een en of van in op voor met aan te tot bij die dat dit deze om als ook door naar over zijn is er
    wordt worden hun hen ze zij we wij u je jij ons onze niet nog wel dan dus al uit na per zo zich wat wie
    waar kunnen kan meer minder doen zodat heeft hebben
"""
STOPWORDS = frozenset(_STOP.split())
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class DuplicatePair:
    a: str
    a_name: str
    a_partner: str
    a_partner_name: str
    b: str
    b_name: str
    b_partner: str
    b_partner_name: str
    score: int  # 0-100, the mean of text and profile
    text_score: int
    profile_score: int
    cells: list[str]  # "row x col" labels of the cells they share
    shared_age_bands: list[str]
    shared: list[str]  # Dutch phrases: what else they have in common
    why: str


@dataclass
class Duplicates:
    threshold: int
    text_min: int
    compared: int  # pairs of activities of different partners in one cell (a pair in two cells counts twice)
    pairs: list[DuplicatePair] = field(default_factory=list)


def normalize(text: str) -> str:
    """Lower case, accents off ("geïndiceerd" -> "geindiceerd"), words only, Dutch function words out."""
    text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii")
    return " ".join(w for w in _WORD.findall(text) if w not in STOPWORDS)


def _values(act: StoredObject, fld: str) -> frozenset[str]:
    value = act.fields.get(fld)
    if isinstance(value, list):
        return frozenset(value)
    return frozenset([value]) if value else frozenset()


def _axis_field(axis: str) -> str:
    return AXES[axis].field if axis in AXES else axis


class _Prepared:
    """One activity made ready for many comparisons: its text, and its attribute values as bits."""

    __slots__ = ("act", "partner", "text", "profile", "bits", "ages")

    def __init__(self, act: StoredObject, fields: tuple[str, ...], bit: dict[tuple[str, str], int]):
        f = act.fields
        self.act = act
        self.partner: str = f["partner"]
        text = normalize(f"{f['name']} {f.get('description', '')} {f.get('contribution', '')}")
        # token_set_ratio compares sets of words, so each word once, sorted: the same score, less work
        self.text = " ".join(sorted(set(text.split())))
        self.profile = {fld: _values(act, fld) for fld in fields}
        self.bits = 0  # one bit per (attribute, value), so profile overlap is two popcounts
        for fld, values in self.profile.items():
            for v in values:
                self.bits |= 1 << bit.setdefault((fld, v), len(bit))
        self.ages = 0
        for v in f.get("age_bands") or ():
            self.ages |= 1 << bit.setdefault(("age_band", v), len(bit))


def compute(ctx: Context, view: MatrixView | None) -> Duplicates:
    out = Duplicates(THRESHOLD, TEXT_MIN, 0)
    if view is None:
        return out
    axes = {_axis_field(view.row_axis), _axis_field(view.col_axis)}
    fields = tuple(f for f in PROFILE_FIELDS if f not in axes)
    bit: dict[tuple[str, str], int] = {}
    prepared: dict[str, _Prepared] = {}
    seen: dict[tuple[str, str], DuplicatePair | None] = {}
    phrases: dict[tuple[str, frozenset[str]], str] = {}
    for r in view.rows:
        for c in view.cols:
            cell = view.cell(r.id, c.id)
            if len(cell) < 2:
                continue
            where = f"{r.label} x {c.label}"
            items = [prepared.get(a.id) or prepared.setdefault(a.id, _Prepared(a, fields, bit)) for a in cell]
            for i, x in enumerate(items):
                todo: list[tuple[_Prepared, tuple[str, str], float, float]] = []
                x_id, x_partner, x_ages, x_bits = x.act.id, x.partner, x.ages, x.bits
                for y in items[i + 1 :]:
                    # cheap gates first: another partner, a shared age band (or one unknown), and a profile
                    # high enough that the text can still make up the threshold
                    if x_partner == y.partner:
                        continue
                    out.compared += 1
                    if x_ages and y.ages and not x_ages & y.ages:
                        continue
                    key = (x_id, y.act.id) if x_id < y.act.id else (y.act.id, x_id)
                    if key in seen:
                        pair = seen[key]
                        if pair is not None:
                            pair.cells.append(where)
                        continue
                    seen[key] = None
                    union = (x_bits | y.bits).bit_count()
                    profile = 100.0 * (x_bits & y.bits).bit_count() / union if union else 0.0
                    need = 2 * (THRESHOLD - 0.5) - profile  # the text score that makes round(mean) >= THRESHOLD
                    if need <= 100:
                        todo.append((y, key, profile, need if need > TEXT_MIN else TEXT_MIN))
                if not todo:
                    continue
                # the fuzzy text match of x against all its candidates in one call
                hits = process.extract(
                    x.text,
                    [y.text for y, _, _, _ in todo],
                    scorer=fuzz.token_set_ratio,
                    processor=None,
                    score_cutoff=min(need for _, _, _, need in todo),
                    limit=None,
                )
                for _, text, j in hits:
                    y, key, profile, need = todo[j]
                    if text >= need:
                        seen[key] = pair = _pair(ctx, x, y, text, profile, phrases)
                        pair.cells.append(where)
    out.pairs = sorted((p for p in seen.values() if p is not None), key=lambda p: (-p.score, p.a_name, p.b_name))
    for p in out.pairs:
        p.why = _why(p)
    return out


def _pair(
    ctx: Context,
    x: _Prepared,
    y: _Prepared,
    text: float,
    profile: float,
    phrases: dict[tuple[str, frozenset[str]], str],
) -> DuplicatePair:
    score = (text + profile) / 2
    if x.act.fields["name"].lower() > y.act.fields["name"].lower():
        x, y = y, x
    fx, fy = x.act.fields, y.act.fields
    ages = [ctx.value_label(v) for v in fx.get("age_bands") or () if v in set(fy.get("age_bands") or ())]
    said = []
    for fld in x.profile:
        common = x.profile[fld] & y.profile[fld]
        if common and fld != "age_bands":
            if (fld, common) not in phrases:
                phrases[(fld, common)] = _phrase(ctx, fld, sorted(common, key=ctx.label))
            said.append(phrases[(fld, common)])
    return DuplicatePair(
        x.act.id,
        fx["name"],
        fx["partner"],
        ctx.label(fx["partner"]),
        y.act.id,
        fy["name"],
        fy["partner"],
        ctx.label(fy["partner"]),
        round(score),
        round(text),
        round(profile),
        [],
        ages,
        said,
        "",
    )


_PHRASES = {
    "domains": "leefdomein",
    "themes": "thema",
    "protective_factors": "beschermende factor",
    "outcomes": "resultaat",
    "form": "vorm",
    "tier": "soort activiteit",
    "po_level": "niveau Positief Opgroeien",
    "prevention_level": "preventieniveau",
}


def _phrase(ctx: Context, fld: str, ids: list[str]) -> str:
    labels = [ctx.value_label(i) if fld != "form" else i for i in ids]
    return f"zelfde {_PHRASES.get(fld, fld)}: {join(labels, 3)}"


def _why(p: DuplicatePair) -> str:
    cells = "dezelfde cel" if len(p.cells) == 1 else "dezelfde cellen"
    where = join([f"'{c}'" for c in p.cells], 3)
    parts = [f"{cells} {where}"]
    parts.append(f"naam, omschrijving en bijdrage {p.text_score}% gelijk")
    if p.shared_age_bands:
        parts.append(f"beide voor {join(p.shared_age_bands)}")
    else:
        parts.append("leeftijd bij één van beide niet ingevuld")
    parts.append(f"{p.profile_score}% van de kenmerken gedeeld" + (f" ({'; '.join(p.shared)})" if p.shared else ""))
    return (
        f"'{p.a_name}' ({p.a_partner_name}) en '{p.b_name}' ({p.b_partner_name}) lijken op elkaar "
        f"(score {p.score}%): " + ", ".join(parts) + "."
    )


def section(ctx: Context, dups: Duplicates) -> Section:
    sec = Section(
        "duplicates",
        "Mogelijke dubbelingen",
        "Wat is dubbel (dubbelingen)? Welke activiteiten van verschillende partners overlappen waarschijnlijk?",
    )
    if not dups.pairs:
        sec.lines.append(
            f"Geen waarschijnlijke dubbelingen gevonden ({plural(dups.compared, 'paar', 'paren')} activiteiten "
            "van verschillende partners in dezelfde cel vergeleken)."
        )
    else:
        partners = {p.a_partner for p in dups.pairs} | {p.b_partner for p in dups.pairs}
        sec.lines.append(
            f"{plural(len(dups.pairs), 'paar', 'paren')} activiteiten van verschillende partners "
            f"{'lijkt' if len(dups.pairs) == 1 else 'lijken'} elkaar te overlappen; daarbij zijn "
            f"{num(len(partners))} partners betrokken."
        )
        for p in dups.pairs[:5]:
            sec.lines.append(p.why)
        sec.lines.append(
            "Een overlap is een vraag voor het overleg, geen conclusie: de partners kunnen samen bepalen of het "
            "aanbod elkaar aanvult of kan worden samengevoegd."
        )
    table = Table(
        "Waarschijnlijke dubbelingen",
        ["Activiteit", "Partner", "Activiteit", "Partner", "Score", "Waarom"],
    )
    for p in dups.pairs:
        table.rows.append([p.a_name, p.a_partner_name, p.b_name, p.b_partner_name, p.score, p.why])
        table.sources.append([p.a, p.b])
    sec.tables.append(table)
    return sec
