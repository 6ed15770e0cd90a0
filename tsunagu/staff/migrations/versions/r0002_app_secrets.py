"""Secrets every server shares through the staff database: the suggestion forms' key (issue 26.9).

Revision ID: r0002
"""
import sqlalchemy as sa
from alembic import op

revision = "r0002"
down_revision = "r0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The app role gets SELECT/INSERT/UPDATE/DELETE on it from r0001's default privileges (PostgreSQL).
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("app_secrets")
