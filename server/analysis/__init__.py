"""The analysis of the six questions (shared DOMAIN.md) over a workspace's live state.

Pure Python: the board, the workbook, the deck, the REST API and the CLI all call :func:`analyse` and
render its typed parts or its presentation-neutral :meth:`Analysis.sections`. Every figure names the
activities behind it (``sources``), so it can be traced.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..domain.matrix import MatrixView, build_view, views
from ..domain.state import WorkspaceState
from . import changes as _changes
from . import coherence as _coherence
from . import contribution as _contribution
from . import diversity as _diversity
from . import duplicates as _duplicates
from . import fit as _fit
from . import prevention as _prevention
from .base import Context
from .changes import ActivityChange, Changes
from .coherence import Coherence, PartnerOutcome, PartnerPair
from .contribution import Contribution, PartnerContribution
from .diversity import Diversity
from .duplicates import DuplicatePair, Duplicates
from .fit import CellRef, Fit, OutcomeLink
from .model import Section, Table
from .prevention import Prevention

__all__ = [
    "ActivityChange",
    "Analysis",
    "CellRef",
    "Changes",
    "Coherence",
    "Contribution",
    "Diversity",
    "DuplicatePair",
    "Duplicates",
    "Fit",
    "OutcomeLink",
    "PartnerContribution",
    "PartnerOutcome",
    "PartnerPair",
    "Prevention",
    "Section",
    "Table",
    "Totals",
    "analyse",
    "analyse_all",
]


@dataclass
class Totals:
    """Key figures for a title slide."""

    activities: int
    partners: int  # live partners
    active_partners: int  # partners owning or co-delivering at least one activity
    outcomes: int
    reach: int  # known reach, all units together
    reach_unknown: int  # activities without a reach
    budget: float  # known budget
    budget_unknown: int


@dataclass
class Analysis:
    workspace: str  # slug
    name: str
    seq: int  # the state's sequence number the analysis was made at
    matrix: str  # id of the view analysed ("" when the workspace has no view)
    matrix_name: str
    totals: Totals
    fit: Fit
    duplicates: Duplicates
    diversity: Diversity
    coherence: Coherence
    prevention: Prevention
    contribution: Contribution
    changes: Changes

    def sections(self) -> list[Section]:
        ctx = self._ctx
        assert ctx is not None, "made by analyse()"
        return [
            _fit.section(ctx, self.fit),
            _duplicates.section(ctx, self.duplicates),
            _diversity.section(ctx, self.diversity),
            _coherence.section(ctx, self.coherence),
            _prevention.section(ctx, self.prevention),
            _contribution.section(ctx, self.contribution),
            _changes.section(ctx, self.changes),
        ]

    def as_dict(self) -> dict[str, Any]:
        out = {
            key: asdict(getattr(self, key))
            for key in (
                "totals",
                "fit",
                "duplicates",
                "diversity",
                "coherence",
                "prevention",
                "contribution",
                "changes",
            )
        }
        return {
            "workspace": self.workspace,
            "name": self.name,
            "seq": self.seq,
            "matrix": self.matrix,
            "matrix_name": self.matrix_name,
            **out,
            "sections": [s.as_dict() for s in self.sections()],
        }

    # the lookups the sections are written with; set by analyse()
    _ctx: Context | None = field(default=None, init=False, repr=False, compare=False)


def _view(state: WorkspaceState, matrix_id: str | None) -> MatrixView | None:
    matrices = sorted(state.live("matrix"), key=lambda m: (m.fields["position"], m.fields["name"]))
    if matrix_id is not None:
        chosen = state.get(matrix_id)
        if chosen is None or chosen.type != "matrix" or chosen.deleted:
            raise KeyError(f"matrix '{matrix_id}' bestaat niet in deze werkruimte")
        return build_view(state, chosen)
    return build_view(state, matrices[0]) if matrices else None


def analyse(
    state: WorkspaceState,
    matrix_id: str | None = None,
    since: int | None = None,
    changes: list[dict[str, Any]] | None = None,
) -> Analysis:
    """Analyse the live state through one matrix view (default: the first by position).

    ``changes`` is the mutation log after ``since`` (``SyncCore.ops_since``); without it, changes since
    ``since`` are read from the per-field sequence numbers of the state. Raises ``KeyError`` for an
    unknown ``matrix_id``.
    """
    return _Shared(Context(state), since, changes).analysis(_view(state, matrix_id))


def analyse_all(
    state: WorkspaceState,
    since: int | None = None,
    changes: list[dict[str, Any]] | None = None,
) -> dict[str, Analysis]:
    """The analysis of every matrix view, by matrix id in view order (empty without views).

    Each is what ``analyse(state, matrix_id, since, changes)`` gives, but what does not depend on the view
    is made once: the lookups, and the totals, diversity, coherence, prevention, contribution and changes,
    which are the same objects in every analysis. (Sharing the duplicate search's text scores between
    views as well was tried: with the bound on the text score little scoring is left to share, and keeping
    the scores cost about as much as it saved.)
    """
    shared = _Shared(Context(state), since, changes)
    return {view.id: shared.analysis(view) for view in views(state)}


class _Shared:
    """The parts of an analysis that do not depend on the view, made when first needed."""

    def __init__(self, ctx: Context, since: int | None, changes: list[dict[str, Any]] | None):
        self.ctx = ctx
        self.since = since
        self.changes = changes
        self._parts: tuple[Totals, Diversity, Coherence, Prevention, Contribution, Changes] | None = None

    def analysis(self, view: MatrixView | None) -> Analysis:
        ctx = self.ctx
        state = ctx.state
        fit = _fit.compute(ctx, view)
        duplicates = _duplicates.compute(ctx, view)
        if self._parts is None:
            self._parts = (
                _totals(ctx),
                _diversity.compute(ctx),
                _coherence.compute(ctx, fit.outcomes),
                _prevention.compute(ctx),
                _contribution.compute(ctx),
                _changes.compute(ctx, self.since, self.changes),
            )
        totals, diversity, coherence, prevention, contribution, changes = self._parts
        result = Analysis(
            workspace=state.slug,
            name=state.name,
            seq=state.seq,
            matrix=view.id if view else "",
            matrix_name=view.name if view else "",
            totals=totals,
            fit=fit,
            duplicates=duplicates,
            diversity=diversity,
            coherence=coherence,
            prevention=prevention,
            contribution=contribution,
            changes=changes,
        )
        result._ctx = ctx
        return result


def _totals(ctx: Context) -> Totals:
    involved = {p for act in ctx.acts for p in [act.fields["partner"], *act.fields.get("co_partners", ())]}
    figures = ctx.figures(ctx.acts)
    return Totals(
        activities=len(ctx.acts),
        partners=len(ctx.partners),
        active_partners=len(involved & {p.id for p in ctx.partners}),
        outcomes=len(ctx.outcomes),
        reach=sum([r for r, _ in figures if r is not None]),
        reach_unknown=sum(1 for r, _ in figures if r is None),
        budget=sum([b for _, b in figures if b is not None]),
        budget_unknown=sum(1 for _, b in figures if b is None),
    )
