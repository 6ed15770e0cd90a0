"""Import batches (issue 24): a supplier's list proposed as one batch of change requests.

Revision ID: b0001
"""
import sqlalchemy as sa
from alembic import op

revision = "b0001"
down_revision = "s0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("city", sa.String(32), nullable=False, index=True),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("file_date", sa.String(10), nullable=False),
        sa.Column("supplier", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False, server_default="salon"),
        sa.Column("summary", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=True),
        sa.Column("reviewed_at", sa.DateTime, nullable=True),
        sa.Column("review_note", sa.Text, nullable=False, server_default=""),
    )
    # A plain column (SQLite cannot add a foreign key to an existing table); batches are never deleted.
    op.add_column("change_requests", sa.Column("batch_id", sa.Integer, nullable=True))
    op.create_index("ix_change_requests_batch_id", "change_requests", ["batch_id"])


def downgrade() -> None:
    op.drop_index("ix_change_requests_batch_id", "change_requests")
    op.drop_column("change_requests", "batch_id")
    op.drop_table("import_batches")
