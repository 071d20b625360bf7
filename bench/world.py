"""The benchmark workspace, shared by ``bench.durable`` and ``bench/fanout/setup.py``.

One partner owns 1,000 activities; members are partner-role members of that partner, so every edit goes
through the real authorization path (a partner edits its own activities), not the coordinator shortcut.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.auth.tokens import principal_for
from server.domain.mutation import Principal
from server.sync.core import SyncCore
from server.sync.workspaces import create_workspace, ensure_member, run_system, stable_id

PARTNER_SLUG = "bench-partner"
# Fields the benchmarks edit: an int and a text, the two kinds a board edit usually is.
EDIT_FIELDS = ("reach", "description")


@dataclass
class BenchWorld:
    slug: str
    partner_id: str
    activities: list[str]
    members: list[str]

    def principal(self, core: SyncCore, n: int, channel: str = "socket") -> Principal:
        """Member ``n`` as the server would see it after authenticating its token."""
        return principal_for(core.state(self.slug), self.members[n], channel)


def build(core: SyncCore, slug: str, activities: int = 1000, members: int = 1) -> BenchWorld:
    """Create workspace ``slug`` (refusing an existing one) with its partner, activities and members."""
    if core.store.workspace(slug) is not None:
        raise SystemExit(f"workspace '{slug}' already exists in this database; use a fresh database or slug")
    create_workspace(core, slug, f"Benchmark {slug}")
    partner_id = stable_id(slug, "partner", PARTNER_SLUG)
    run_system(
        core,
        slug,
        "bench-setup",
        1,
        [
            {
                "op": "create",
                "type": "partner",
                "id": partner_id,
                "fields": {"name": "Benchmarkpartner", "slug": PARTNER_SLUG, "type": "cjg"},
            }
        ],
    )
    ids = [stable_id(slug, "activity", str(n)) for n in range(activities)]
    # in chunks below the per-mutation op limit (MAX_OPS = 2000)
    for chunk_no, start in enumerate(range(0, activities, 1000), start=2):
        ops = [
            {
                "op": "create",
                "type": "activity",
                "id": obj_id,
                "fields": {"name": f"Activiteit {start + k + 1}", "partner": partner_id, "reach": 0},
            }
            for k, obj_id in enumerate(ids[start : start + 1000])
        ]
        run_system(core, slug, "bench-setup", chunk_no, ops)
    member_ids = [
        ensure_member(core, slug, PARTNER_SLUG, "partner", f"Benchclient {n + 1:03d}") for n in range(members)
    ]
    return BenchWorld(slug, partner_id, ids, member_ids)
