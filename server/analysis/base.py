"""Shared pieces of the analysis: lookups over the live state, typed counts and Dutch formatting.

Only live (non-deleted) activities count. Axis values are looked up among all axis values, retired ones
included, so an activity that still uses a retired value is counted under it (marked "vervallen").
A missing value (no prevention level, no reach) is counted as "onbekend", never dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import add

from ..domain.matrix import activities
from ..domain.state import StoredObject, WorkspaceState

Figures = tuple[int | None, float | None]  # an activity's reach and budget, None when unknown

UNKNOWN = ""  # the key of the "onbekend" bucket
UNKNOWN_LABEL = "onbekend"
THIN_FRACTION = 0.5  # a value with less than half the mean count per value is reported as thin


@dataclass
class Ref:
    """An object by id and Dutch display label."""

    id: str
    label: str


@dataclass
class ActivityRef:
    id: str
    name: str
    partner: str
    partner_name: str
    status: str = "bestaand"


@dataclass
class Count:
    """The activities under one key (an axis value, a partner, an outcome, or "onbekend")."""

    key: str
    label: str
    activities: int = 0
    reach: int = 0  # sum of the known reach
    budget: float = 0.0  # sum of the known budget
    reach_unknown: int = 0  # activities without a reach
    budget_unknown: int = 0
    share: float = 0.0  # % of the activities counted
    reach_share: float = 0.0  # % of the known reach
    budget_share: float = 0.0  # % of the known budget
    retired: bool = False
    sources: list[str] = field(default_factory=list)

    def add(self, act: StoredObject) -> None:
        self.activities += 1
        self.sources.append(act.id)
        reach, budget = act.fields.get("reach"), act.fields.get("budget")
        if reach is None:
            self.reach_unknown += 1
        else:
            self.reach += int(reach)
        if budget is None:
            self.budget_unknown += 1
        else:
            self.budget += float(budget)

    def add_all(self, acts: Sequence[StoredObject], figures: Sequence[Figures]) -> None:
        """``add`` for each activity in turn; ``figures`` are theirs (:meth:`Context.figures`)."""
        self.activities += len(acts)
        self.sources.extend([a.id for a in acts])
        reach = [r for r, _ in figures if r is not None]
        budget = [b for _, b in figures if b is not None]
        self.reach += sum(reach)
        self.reach_unknown += len(figures) - len(reach)
        self.budget = reduce(add, budget, self.budget)  # in turn, as ``add`` sums
        self.budget_unknown += len(figures) - len(budget)


@dataclass
class Distribution:
    """Activities per value of one attribute, in the attribute's order; "onbekend" last when used.

    For a multi-valued attribute (age bands, themes ...) an activity counts under each of its values, so
    the shares add up to more than 100%; for a single-valued one they add up to 100%."""

    key: str
    label: str
    multi: bool
    total: int  # activities considered
    total_reach: int  # known reach of those activities
    total_budget: float
    items: list[Count] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # labels of (non-retired) values with no activity
    thin: list[str] = field(default_factory=list)  # labels of values with less than THIN_FRACTION of the mean

    def item(self, key: str) -> Count | None:
        return next((c for c in self.items if c.key == key), None)


class Context:
    """Lookups over the live state, made once per analysis."""

    def __init__(self, state: WorkspaceState):
        self.state = state
        self.acts: list[StoredObject] = activities(state)
        self.partners = sorted(state.live("partner"), key=lambda p: p.fields["name"].lower())
        self.outcomes = sorted(state.live("outcome"), key=lambda o: (o.fields["position"], o.fields["title"]))
        self.labels: dict[str, str] = {}
        self.retired: set[str] = set()
        self.axis_values: dict[str, list[StoredObject]] = {}
        for obj in state.objects.values():
            if obj.type == "axis_value":
                self.labels[obj.id] = obj.fields["label"]
                if obj.fields.get("retired"):
                    self.retired.add(obj.id)
                if not obj.deleted:
                    self.axis_values.setdefault(obj.fields["axis"], []).append(obj)
            elif obj.type == "partner":
                self.labels[obj.id] = obj.fields["name"]
            elif obj.type == "outcome":
                self.labels[obj.id] = obj.fields["title"]
            elif obj.type == "member":
                self.labels[obj.id] = obj.fields["name"]
        for values in self.axis_values.values():
            values.sort(key=lambda v: (v.fields["position"], v.fields["label"]))
        self._figures: dict[str, Figures] = {}

    def figures(self, acts: Iterable[StoredObject]) -> list[Figures]:
        """The reach and budget of each activity, as numbers (None when unknown); kept for the analysis."""
        known = self._figures
        out = []
        for act in acts:
            fig = known.get(act.id)
            if fig is None:
                reach, budget = act.fields.get("reach"), act.fields.get("budget")
                fig = known[act.id] = (
                    int(reach) if reach is not None else None,
                    float(budget) if budget is not None else None,
                )
            out.append(fig)
        return out

    def label(self, obj_id: str | None) -> str:
        if not obj_id:
            return UNKNOWN_LABEL
        return self.labels.get(obj_id, obj_id)

    def value_label(self, obj_id: str) -> str:
        label = self.label(obj_id)
        return f"{label} (vervallen)" if obj_id in self.retired else label

    def ref(self, act: StoredObject) -> ActivityRef:
        f = act.fields
        return ActivityRef(act.id, f["name"], f["partner"], self.label(f["partner"]), f.get("status", "bestaand"))

    def name(self, act_id: str) -> str:
        obj = self.state.get(act_id)
        return obj.fields.get("name", act_id) if obj is not None else act_id


def axis_order(ctx: Context, axis: str) -> list[tuple[str, str, bool]]:
    """(id, label, retired) of an axis's values in order."""
    return [(v.id, v.fields["label"], bool(v.fields.get("retired"))) for v in ctx.axis_values.get(axis, [])]


def distribute(
    ctx: Context,
    key: str,
    label: str,
    order: Sequence[tuple[str, str, bool]],
    keys_of: Callable[[StoredObject], Iterable[str]],
    multi: bool,
    acts: Sequence[StoredObject] | None = None,
) -> Distribution:
    """Count activities per key; unknown keys (and retired values) appear only when used."""
    acts = ctx.acts if acts is None else acts
    groups: dict[str, list[StoredObject]] = {k: [] for k, _, _ in order}
    unknown_acts: list[StoredObject] = []
    for act in acts:
        keys = dict.fromkeys(keys_of(act))
        if not keys:
            unknown_acts.append(act)
        for k in keys:
            group = groups.get(k)
            if group is None:
                group = groups[k] = []
            group.append(act)
    counts = {k: Count(k, lab, retired=ret) for k, lab, ret in order}
    for k, group in groups.items():
        if k not in counts:
            counts[k] = Count(k, ctx.label(k), retired=k in ctx.retired)
        counts[k].add_all(group, ctx.figures(group))
    unknown = Count(UNKNOWN, UNKNOWN_LABEL)
    unknown.add_all(unknown_acts, ctx.figures(unknown_acts))
    items = [c for c in counts.values() if c.activities or not c.retired]
    if unknown.activities:
        items.append(unknown)
    for c in items:
        if c.retired:
            c.label = f"{c.label} (vervallen)"
    figures = ctx.figures(acts)
    total_reach = sum([r for r, _ in figures if r is not None])
    total_budget = sum([b for _, b in figures if b is not None])
    for c in items:
        c.share = percent(c.activities, len(acts))
        c.reach_share = percent(c.reach, total_reach)
        c.budget_share = percent(c.budget, total_budget)
    dist = Distribution(key, label, multi, len(acts), total_reach, total_budget, items)
    valued = [c for c in items if c.key != UNKNOWN]
    dist.empty = [c.label for c in valued if not c.activities]
    counted = [c.activities for c in valued if not c.retired]
    mean = sum(counted) / len(counted) if counted else 0.0
    dist.thin = [c.label for c in valued if c.activities and c.activities < THIN_FRACTION * mean]
    return dist


def single(act: StoredObject, fld: str) -> list[str]:
    value = act.fields.get(fld)
    return [value] if value else []


def many(act: StoredObject, fld: str) -> list[str]:
    return list(act.fields.get(fld) or ())


def involved(act: StoredObject) -> list[str]:
    """The owning partner and the co-delivering partners of an activity."""
    return list(dict.fromkeys([act.fields["partner"], *act.fields.get("co_partners", ())]))


# --- Dutch formatting ------------------------------------------------------------------------------


def percent(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else 0.0


def num(n: float) -> str:
    """1234567 -> '1.234.567'."""
    return f"{round(n):,}".replace(",", ".")


def pct(x: float) -> str:
    return f"{x:.0f}%" if x >= 10 or x == 0 else f"{x:.1f}%".replace(".", ",")


def eur(x: float) -> str:
    return f"€ {num(x)}"


def join(items: Sequence[str], most: int = 6) -> str:
    """Dutch enumeration: 'a, b en c'; long lists end with 'en N andere'."""
    items = list(items)
    if len(items) > most:
        rest = len(items) - (most - 1)
        items = [*items[: most - 1], f"{rest} andere"]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]


def quoted(items: Sequence[str], most: int = 6) -> str:
    return join([f"'{i}'" for i in items], most)


def plural(n: int, one: str, many_: str) -> str:
    return f"{num(n)} {one if n == 1 else many_}"


def activities_word(n: int) -> str:
    return plural(n, "activiteit", "activiteiten")
