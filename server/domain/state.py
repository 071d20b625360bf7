"""A workspace's objects in memory: the materialized view of its mutation log.

Pure data; storage fills it and the sync core keeps it current. Every object remembers, per field, the
sequence number of its last write (property-level last-writer-wins), and deletion is a tombstone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Protocol


@dataclass
class StoredObject:
    id: str
    type: str
    fields: dict[str, Any]
    field_seq: dict[str, int]
    created_seq: int
    updated_seq: int
    deleted: bool = False
    deleted_by: str | None = None
    deleted_seq: int | None = None

    def copy(self) -> StoredObject:
        return replace(self, fields=dict(self.fields), field_seq=dict(self.field_seq))

    def wire(self) -> dict[str, Any]:
        """The object as clients see it: id, fields, and the seq of its last change."""
        out: dict[str, Any] = {"id": self.id, **self.fields, "_seq": self.updated_seq}
        if self.deleted:
            out["_deleted"] = True
        return out


@dataclass
class WorkspaceState:
    workspace_id: int
    slug: str
    name: str
    seq: int = 0
    objects: dict[str, StoredObject] = field(default_factory=dict)

    def get(self, obj_id: str) -> StoredObject | None:
        return self.objects.get(obj_id)

    def live(self, obj_type: str) -> Iterator[StoredObject]:
        return (o for o in self.objects.values() if o.type == obj_type and not o.deleted)

    def copy(self) -> WorkspaceState:
        """The workspace as it is now, for work done outside its lock (a deck, a workbook): the objects are
        shared, not copied, which is safe because the sync core replaces an object when it changes and never
        edits one in place."""
        return WorkspaceState(self.workspace_id, self.slug, self.name, self.seq, dict(self.objects))

    def install(self, changed: dict[str, StoredObject], seq: int) -> None:
        self.objects.update(changed)
        self.seq = seq

    def snapshot(self) -> dict[str, Any]:
        objects: dict[str, list[dict[str, Any]]] = {}
        for obj in self.objects.values():
            if not obj.deleted:
                objects.setdefault(obj.type, []).append(obj.wire())
        return {"workspace": self.slug, "name": self.name, "seq": self.seq, "objects": objects}


class StateView(Protocol):
    """What the rules read of a workspace: :class:`WorkspaceState`, or a :class:`Draft` on top of it."""

    slug: str

    def get(self, obj_id: str) -> StoredObject | None: ...

    def live(self, obj_type: str) -> Iterator[StoredObject]: ...


class Draft:
    """A workspace with changes on top that are not in it yet: ``changed`` wins over ``base``.

    The rules plan a mutation on a draft of its own changes (a later op sees what an earlier op did); the sync
    core plans each mutation of a group on a draft of the group's changes (a later mutation sees an earlier
    one) and installs ``changed`` in the cached state only after the group is committed: until then no
    reader sees anything that might still be undone.
    """

    def __init__(self, base: StateView, changed: dict[str, StoredObject] | None = None):
        self.base = base
        self.slug = base.slug
        self.changed: dict[str, StoredObject] = {} if changed is None else changed

    def get(self, obj_id: str) -> StoredObject | None:
        obj = self.changed.get(obj_id)
        return obj if obj is not None else self.base.get(obj_id)

    def live(self, obj_type: str) -> Iterator[StoredObject]:
        for obj in self.changed.values():
            if obj.type == obj_type and not obj.deleted:
                yield obj
        changed = self.changed
        for obj in self.base.live(obj_type):
            if obj.id not in changed:
                yield obj

    def add(self, changed: dict[str, StoredObject]) -> None:
        self.changed.update(changed)
