"""Build the fan-out benchmark's database and write its clients' tokens.

    .venv/bin/python -m bench.fanout.setup --out /tmp/x/clients.json --clients 60 [--db URL]

Creates (in a fresh SQLite file beside ``--out`` unless ``--db`` names a database) a workspace with one
partner owning 1,000 activities, and ``--clients`` partner-role members of that partner with distinct
names, hence distinct member ids and tokens. Tokens are signed with MATRIXSYNC_SECRET_KEY (the key the
server must be started with). The JSON file holds the workspace slug, the activity ids, the editable
fields and one entry per client: member id, name, token.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import time
from pathlib import Path

from server import config
from server.auth.tokens import issue_token
from server.storage.store import Store, upgrade
from server.sync.core import SyncCore

from ..world import EDIT_FIELDS, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout.setup", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="where to write the clients' JSON")
    parser.add_argument("--clients", type=int, default=60, help="members (one token each), default 60")
    parser.add_argument("--activities", type=int, default=1000, help="activities of the one partner, default 1000")
    parser.add_argument("--db", default=None, help="database URL (default: a new SQLite file beside --out)")
    parser.add_argument("--slug", default=None, help="workspace slug (default 'bench'; random with --db)")
    parser.add_argument("--ttl", type=int, default=24 * 3600, help="token lifetime in seconds, default a day")
    args = parser.parse_args(argv)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.db is None:
        path = args.out.resolve().parent / "bench.db"
        if path.exists():
            raise SystemExit(f"{path} exists; the benchmark wants a fresh database")
        url = f"sqlite:///{path}"
    else:
        url = args.db
    slug = args.slug or ("bench" if args.db is None else "bench-" + secrets.token_hex(4))
    secret = config.secret_key()  # MATRIXSYNC_SECRET_KEY, or the local key under MATRIXSYNC_HOME

    started = time.perf_counter()
    store = Store(url)
    upgrade(store.engine)
    core = SyncCore(store)
    world = build(core, slug, activities=args.activities, members=args.clients)
    state = core.state(slug)
    clients = [
        {
            "member": member_id,
            "name": state.objects[member_id].fields["name"],
            "token": issue_token(secret, slug, member_id, ttl_seconds=args.ttl),
        }
        for member_id in world.members
    ]
    store.dispose()
    assert len({c["token"] for c in clients}) == len(clients) == args.clients
    args.out.write_text(
        json.dumps(
            {
                "db": url if args.db is None else "(given)",
                "workspace": slug,
                "partner": world.partner_id,
                "fields": list(EDIT_FIELDS),
                "activities": world.activities,
                "clients": clients,
            },
            indent=1,
        )
    )
    print(
        f"setup: workspace '{slug}', {len(world.activities)} activities, {len(clients)} members"
        f" in {time.perf_counter() - started:.1f} s -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
