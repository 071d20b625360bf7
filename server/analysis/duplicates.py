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
from functools import lru_cache

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
# normalized texts kept between analyses (a few hundred bytes each)
TEXT_CACHE = 10_000

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


# every ASCII character but a-z and 0-9 to a space: ``text.translate(_SPACES).split()`` is ``_WORD.findall``
_SPACES = str.maketrans({c: " " for c in range(128) if not _WORD.fullmatch(chr(c))})


Text = tuple[str, frozenset[str]]  # what an activity is compared on: its words sorted and joined, and as a set


@lru_cache(maxsize=TEXT_CACHE)
def _text(name: str, description: str, contribution: str) -> str:
    """The text an activity is compared on: the words of :func:`normalize`, each once and sorted.

    token_set_ratio compares sets of words, so this gives the same score as the normalized text with less
    work per comparison. Cached: the same texts come back for every view and every new analysis."""
    text = f"{name} {description} {contribution}".lower()
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(sorted(set(text.translate(_SPACES).split()).difference(STOPWORDS)))


def _within_reach(x: Text, ys: list[Text], needs: list[float]) -> list[int]:
    """The positions in ``ys`` whose text score with ``x`` may reach the score they need, found without
    computing the score itself (the costly part of the search: it splits and sorts both texts every time).
    A text is what :func:`_text` gives, with its words as a set.

    rapidfuzz's token_set_ratio of two such texts x and y (lengths lx and ly; their common words joined
    have length s, the rest of each a = lx - s - 1 and b = ly - s - 1) is the largest of: 100 when a or b
    is empty; 100 * 2s / (s + lx) and 100 * 2s / (s + ly); and 100 * (2s + 2 + 2l) / (lx + ly), where l is
    the longest common subsequence of the two rests. Without common words it is fuzz.ratio(x, y), which is
    100 * 2L / (lx + ly) with L the longest common subsequence of x and y, and 0 when a text is empty.
    Each rest is a subsequence of its text, so l <= min(a, b, L), and L comes from fuzz.ratio(x, y), at a
    sixth of the cost: a pair whose bound with l <= min(a, b) reaches the need is kept when that ratio
    reaches need - 100 * (2s + 2) / (lx + ly). The bound is never below the score (tests/test_analysis.py
    checks it on random texts).
    """
    x_text, x_words = x
    lx = len(x_text)
    sure: list[int] = []  # may reach it on lengths alone: to be scored
    check: list[tuple[int, float]] = []  # (position, the fuzz.ratio it takes to reach it)
    if not lx:
        return sure
    for n, (y_text, y_words) in enumerate(ys):
        ly = len(y_text)
        if not ly:
            continue
        need = needs[n] - 1e-6  # room for rounding in rapidfuzz's arithmetic and in ours
        common = x_words & y_words
        if common:
            s = sum(map(len, common)) + len(common) - 1
            a = lx - s - 1
            b = ly - s - 1
            if a <= 0 or b <= 0 or 200 * s >= need * (s + (lx if lx < ly else ly)):
                sure.append(n)
            elif 100 * (2 * s + 2 + 2 * (a if a < b else b)) >= need * (lx + ly):
                # with l <= L = ratio * (lx + ly) / 200 the bound is 100 * (2s + 2) / (lx + ly) + ratio
                check.append((n, need - 100 * (2 * s + 2) / (lx + ly)))
        elif 200 * (lx if lx < ly else ly) >= need * (lx + ly):
            check.append((n, need))
    if check:
        ratios = process.extract(
            x_text,
            [ys[n][0] for n, _ in check],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=max(0.0, min(cut for _, cut in check) - 1e-3),
            limit=None,
        )
        sure.extend(check[i][0] for _, ratio, i in ratios if ratio >= check[i][1])
    return sorted(sure)


class _Prepared:
    """One activity made ready for many comparisons: its text, and its attribute values as bits."""

    __slots__ = ("act", "partner", "text_words", "text", "bits", "count", "ages", "_profile")

    def __init__(self, act: StoredObject, fields: tuple[str, ...], bit: dict[tuple[str, str], int]):
        f = act.fields
        self.act = act
        self.partner: str = f["partner"]
        self.text = _text(f["name"], f.get("description", ""), f.get("contribution", ""))
        self.text_words: Text = (self.text, frozenset(self.text.split()))
        bits = 0  # one bit per (attribute, value), so profile overlap is a popcount
        for fld in fields:
            value = f.get(fld)
            if isinstance(value, list):
                for v in value:
                    bits |= 1 << bit.setdefault((fld, v), len(bit))
            elif value:
                bits |= 1 << bit.setdefault((fld, value), len(bit))
        self.bits = bits
        self.count = bits.bit_count()
        self.ages = 0
        for v in f.get("age_bands") or ():
            self.ages |= 1 << bit.setdefault(("age_band", v), len(bit))
        self._profile: dict[str, frozenset[str]] | None = None

    def profile(self, fields: tuple[str, ...]) -> dict[str, frozenset[str]]:
        """The attribute values per field (only wanted for the pairs found)."""
        if self._profile is None:
            self._profile = {fld: _values(self.act, fld) for fld in fields}
        return self._profile


def compute(ctx: Context, view: MatrixView | None) -> Duplicates:
    """The pairs as the module docstring defines them, found without visiting every pair of every cell.

    Each pair of activities that share a cell is considered once, however many cells they share: the
    activities still to be compared with an activity are found with set operations (its cells' members,
    less its own partner's activities and those without an age band in common), the profile then keeps
    only the pairs for which the threshold is within the text's reach, a bound on the text score
    (:func:`_within_reach`) leaves out those whose text cannot reach what they need, and the rest are
    scored with one rapidfuzz call per activity. The result is that of the straightforward search, cell by
    cell and pair by pair, in the same order; tests/test_analysis.py holds that search and compares the two.
    """
    out = Duplicates(THRESHOLD, TEXT_MIN, 0)
    if view is None:
        return out
    axes = {_axis_field(view.row_axis), _axis_field(view.col_axis)}
    fields = tuple(f for f in PROFILE_FIELDS if f not in axes)
    bit: dict[tuple[str, str], int] = {}
    index: dict[str, int] = {}  # activity id -> position in items
    items: list[_Prepared] = []
    cells: list[tuple[str, list[int]]] = []  # (label, members in the view's order): cells of two or more
    for r in view.rows:
        for c in view.cols:
            cell = view.cell(r.id, c.id)
            if len(cell) < 2:
                continue
            members: list[int] = []
            for act in cell:
                k = index.get(act.id)
                if k is None:
                    k = index[act.id] = len(items)
                    items.append(_Prepared(act, fields, bit))
                members.append(k)
            # (an activity listed twice in a cell, from a value given twice, is one member)
            cells.append((f"{r.label} x {c.label}", list(dict.fromkeys(members))))

    # every pair in a cell counts as compared when the partners differ, once for each cell it shares
    partner_of = [x.partner for x in items]
    for _, members in cells:
        per: dict[str, int] = {}
        for k in members:
            per[partner_of[k]] = per.get(partner_of[k], 0) + 1
        out.compared += len(members) * (len(members) - 1) // 2 - sum(n * (n - 1) // 2 for n in per.values())

    in_cells: list[list[int]] = [[] for _ in items]
    waiting: list[set[int]] = []  # per cell, the members not yet compared with the others
    for ci, (_, members) in enumerate(cells):
        for k in members:
            in_cells[k].append(ci)
        waiting.append(set(members))
    of_partner: dict[str, set[int]] = {}
    with_age: dict[int, set[int]] = {}  # age bit -> the activities with that age band
    without_age: set[int] = set()
    for k, x in enumerate(items):
        of_partner.setdefault(x.partner, set()).add(k)
        ages = x.ages
        if not ages:
            without_age.add(k)
        while ages:
            band = ages & -ages
            with_age.setdefault(band, set()).add(k)
            ages ^= band
    age_match: dict[int, set[int]] = {}  # an age mask -> the activities it may be compared with

    # The profile (a Jaccard overlap, 100 * common / union) must leave the mean within reach of a text of
    # 100: common / (x + y - common) >= low / 100, in whole numbers: (100 + low) * common >= low * (x + y).
    low = 2 * THRESHOLD - 101  # the profile that needs a text of 100
    texts = [x.text for x in items]
    text_words = [x.text_words for x in items]
    bits = [x.bits for x in items]
    low_counts = [low * x.count for x in items]
    found: dict[tuple[int, int], tuple[float, float]] = {}  # (k, j), k < j -> (text, profile)
    for k, x in enumerate(items):
        for ci in in_cells[k]:
            waiting[ci].discard(k)
        others = set().union(*[waiting[ci] for ci in in_cells[k]])
        if not others:
            continue
        others -= of_partner[x.partner]
        if x.ages:
            match = age_match.get(x.ages)
            if match is None:
                match = set(without_age)
                ages = x.ages
                while ages:
                    band = ages & -ages
                    match |= with_age.get(band, set())
                    ages ^= band
                age_match[x.ages] = match
            others &= match
        xb, xc = x.bits, low_counts[k]
        near = [j for j in others if (100 + low) * (xb & bits[j]).bit_count() >= xc + low_counts[j]]
        todo: list[int] = []  # the activities whose profile leaves the threshold within the text's reach
        profiles: list[float] = []
        needs: list[float] = []  # the text score each needs: round(mean) >= THRESHOLD, and TEXT_MIN at least
        for j in near:
            union = (xb | bits[j]).bit_count()
            profile = 100.0 * (xb & bits[j]).bit_count() / union if union else 0.0
            need = 2 * (THRESHOLD - 0.5) - profile
            if need <= 100:
                todo.append(j)
                profiles.append(profile)
                needs.append(need if need > TEXT_MIN else TEXT_MIN)
        if not todo:
            continue
        ask = _within_reach(x.text_words, [text_words[j] for j in todo], needs)
        # the fuzzy text match of x against the rest in one call (below TEXT_MIN all need more)
        hits = process.extract(
            x.text,
            [texts[todo[n]] for n in ask],
            scorer=fuzz.token_set_ratio,
            processor=None,
            score_cutoff=TEXT_MIN,
            limit=None,
        )
        for _, text, m in hits:
            n = ask[m]
            if text >= needs[n]:
                j = todo[n]
                found[(k, j) if k < j else (j, k)] = (text, profiles[n])

    # the pairs as a cell-by-cell search meets them: in the first cell they share, in that cell's order
    position = [{k: n for n, k in enumerate(members)} for _, members in cells]
    phrases: dict[tuple[str, frozenset[str]], str] = {}
    met: list[tuple[tuple[int, int, int], DuplicatePair]] = []
    for (k, j), (text, profile) in found.items():
        both = sorted(set(in_cells[k]).intersection(in_cells[j]))
        first = position[both[0]]
        one, two = (k, j) if first[k] < first[j] else (j, k)
        pair = _pair(ctx, items[one], items[two], text, profile, fields, phrases)
        pair.cells = [cells[ci][0] for ci in both]
        met.append(((both[0], first[one], first[two]), pair))
    met.sort(key=lambda m: m[0])
    out.pairs = sorted((p for _, p in met), key=lambda p: (-p.score, p.a_name, p.b_name))
    for p in out.pairs:
        p.why = _why(p)
    return out


def _pair(
    ctx: Context,
    x: _Prepared,
    y: _Prepared,
    text: float,
    profile: float,
    fields: tuple[str, ...],
    phrases: dict[tuple[str, frozenset[str]], str],
) -> DuplicatePair:
    score = (text + profile) / 2
    if x.act.fields["name"].lower() > y.act.fields["name"].lower():
        x, y = y, x
    fx, fy = x.act.fields, y.act.fields
    y_ages = set(fy.get("age_bands") or ())
    ages = [ctx.value_label(v) for v in fx.get("age_bands") or () if v in y_ages]
    said = []
    px, py = x.profile(fields), y.profile(fields)
    for fld in fields:
        common = px[fld] & py[fld]
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
