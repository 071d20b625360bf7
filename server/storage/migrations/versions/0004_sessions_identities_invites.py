"""Server-side sessions, Microsoft sign-ins under way, Microsoft identities of members, invite links.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("login_links") as batch:
        # an invite names no member yet: using it creates one
        batch.alter_column("member_id", existing_type=sa.String(64), nullable=True)
        batch.add_column(sa.Column("email", sa.String(254)))
        batch.add_column(sa.Column("partner_id", sa.String(64)))
        batch.add_column(sa.Column("role", sa.String(16)))
        batch.add_column(sa.Column("name", sa.String(200)))
        batch.add_column(sa.Column("created_by", sa.String(64)))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True)))
    op.create_table(
        "sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("member_id", sa.String(64)),
        sa.Column("workspace", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sessions_expires", "sessions", ["expires_at"])
    op.create_index("ix_sessions_member", "sessions", ["member_id"])
    op.create_table(
        "auth_flows",
        sa.Column("key_hash", sa.String(64), primary_key=True),
        sa.Column("flow", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "identities",
        sa.Column("tid", sa.String(64), primary_key=True),
        sa.Column("oid", sa.String(64), primary_key=True),
        sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), primary_key=True),
        sa.Column("member_id", sa.String(64), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("identities")
    op.drop_table("auth_flows")
    op.drop_index("ix_sessions_member", "sessions")
    op.drop_index("ix_sessions_expires", "sessions")
    op.drop_table("sessions")
    with op.batch_alter_table("login_links") as batch:
        for name in ("revoked_at", "created_by", "name", "role", "partner_id", "email"):
            batch.drop_column(name)
        batch.alter_column("member_id", existing_type=sa.String(64), nullable=False)
