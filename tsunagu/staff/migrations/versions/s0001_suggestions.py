"""Public suggestions and the spam patterns reviewers block (issue 17).

Revision ID: s0001
"""
import sqlalchemy as sa
from alembic import op

revision = "s0001"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ticket", sa.String(20), nullable=False, unique=True),
        sa.Column("status_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("city", sa.String(32), nullable=False, index=True),
        sa.Column("record_id", sa.String(100), nullable=False, server_default=""),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("contact", sa.Text, nullable=False, server_default=""),
        sa.Column("contact_deleted_at", sa.DateTime, nullable=True),
        sa.Column("status", sa.String(16), nullable=False, server_default="received", index=True),
        sa.Column("public_note", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False, index=True),
        sa.Column("resolved_at", sa.DateTime, nullable=True),
        sa.Column("client", sa.String(64), nullable=False, server_default="", index=True),
        sa.Column("fingerprint", sa.String(64), nullable=False, index=True),
        sa.Column("form_nonce", sa.String(64), nullable=False, unique=True),
        sa.Column("change_request_id", sa.Integer, sa.ForeignKey("change_requests.id"), nullable=True),
        sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=True),
    )
    op.create_table(
        "suggestion_blocks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.String(200), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("suggestion_id", sa.Integer, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("suggestion_blocks")
    op.drop_table("suggestions")
