"""Workspaces, objects and the mutation log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("slug", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "objects",
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
    )
    op.create_index("ix_objects_updated", "objects", ["workspace_id", "updated_seq"])
    op.create_table(
        "mutations",
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


def downgrade() -> None:
    op.drop_table("mutations")
    op.drop_index("ix_objects_updated", "objects")
    op.drop_table("objects")
    op.drop_table("workspaces")
