"""The database tables (SQLAlchemy Core). Alembic migrations in ``migrations/`` create them.

- ``workspaces``: one row per workspace; ``seq`` is the last sequence number given out. Updating it is
  what orders mutations: the row lock, not process memory, decides who is next.
- ``objects``: the current state, one row per object, tombstones included.
- ``mutations``: the ordered log, with the actor and channel (the audit trail) and the normalized ops.
- ``exports``: each partner template handed out, with the values it showed (the base of the three-way
  merge); updated after every upload of it, so a file uploaded again merges against what it now knows.
- ``uploads``: each uploaded workbook (its hash, who, the resulting seq and the merge report).
- ``login_links``: single-use sign-in and invite links, stored only as a hash of their secret. A sign-in
  link names a member; an invite names who to create (e-mail, partner, role, name) and who invited.
- ``sessions``: browser sessions; the cookie holds a random id, the table only its hash and the data.
- ``auth_flows``: Microsoft sign-ins under way: msal's auth code flow keyed by a hash of its state, then the
  checked identity keyed by a hash of a one-time handle; each taken out exactly once.
- ``identities``: which member a Microsoft identity (tenant id + object id) is, per workspace; found by
  e-mail address the first time, remembered after.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

workspaces = sa.Table(
    "workspaces",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("slug", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

objects = sa.Table(
    "objects",
    metadata,
    sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("fields", sa.JSON, nullable=False),
    sa.Column("field_seq", sa.JSON, nullable=False),
    sa.Column("created_seq", sa.BigInteger, nullable=False),
    sa.Column("updated_seq", sa.BigInteger, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("deleted_by", sa.String(64)),
    sa.Column("deleted_seq", sa.BigInteger),
    sa.Index("ix_objects_updated", "workspace_id", "updated_seq"),
)

mutations = sa.Table(
    "mutations",
    metadata,
    sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True),
    sa.Column("client_id", sa.String(100), nullable=False),
    sa.Column("mutation_id", sa.BigInteger, nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("actor_partner", sa.String(64)),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("ops", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("workspace_id", "client_id", "mutation_id", name="uq_mutations_client"),
)

exports = sa.Table(
    "exports",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), nullable=False),
    sa.Column("partner_id", sa.String(64)),
    sa.Column("member_id", sa.String(64), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("base", sa.JSON, nullable=False),
    sa.Column("uploads", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

uploads = sa.Table(
    "uploads",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), nullable=False),
    sa.Column("export_id", sa.String(64)),
    sa.Column("member_id", sa.String(64), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("seq", sa.BigInteger),
    sa.Column("report", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

login_links = sa.Table(
    "login_links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), nullable=False),
    sa.Column("member_id", sa.String(64)),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("used_at", sa.DateTime(timezone=True)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("email", sa.String(254)),
    sa.Column("partner_id", sa.String(64)),
    sa.Column("role", sa.String(16)),
    sa.Column("name", sa.String(200)),
    sa.Column("created_by", sa.String(64)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("member_id", sa.String(64)),
    sa.Column("workspace", sa.String(64)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_sessions_expires", "expires_at"),
    sa.Index("ix_sessions_member", "member_id"),
)

auth_flows = sa.Table(
    "auth_flows",
    metadata,
    sa.Column("key_hash", sa.String(64), primary_key=True),
    sa.Column("flow", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

identities = sa.Table(
    "identities",
    metadata,
    sa.Column("tid", sa.String(64), primary_key=True),
    sa.Column("oid", sa.String(64), primary_key=True),
    sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), primary_key=True),
    sa.Column("member_id", sa.String(64), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
)
