"""The demo workspace is realistic enough for every later feature: uneven, with white spots and overlap."""

from __future__ import annotations

from collections import Counter

from server.demo import load_demo
from server.sync.core import SyncCore


def test_demo_loads_idempotently_with_the_promised_shape(core: SyncCore) -> None:
    assert load_demo(core) is True
    seq = core.state("demo").seq
    assert load_demo(core) is False
    assert core.state("demo").seq == seq  # the second load was a replay

    state = core.state("demo")
    activities = list(state.live("activity"))
    assert len(list(state.live("partner"))) >= 10
    assert len(list(state.live("outcome"))) == 8
    assert 70 <= len(activities) <= 100
    assert {m.fields["role"] for m in state.live("member")} == {"coordinator", "partner", "viewer"}

    label = {v.id: v.fields["label"] for v in state.live("axis_value")}
    levels = Counter(label[a.fields["prevention_level"]] for a in activities)
    assert levels["selectief"] < levels["universeel"]  # the thinnest layer, as NJi found

    cells = {(label[t], label[a.fields["prevention_level"]]) for a in activities for t in a.fields["themes"]}
    assert ("van dip tot depressie", "selectief") not in cells  # a white spot
    linked = {o for a in activities for o in a.fields["outcomes"]}
    assert [o for o in state.live("outcome") if o.id not in linked]  # an outcome nothing contributes to
