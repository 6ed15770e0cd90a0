"""Atomic counters for sign-in and suggestion limits; an audit log the app cannot rewrite (issue 26.1, 26.6).

Revision ID: r0001
"""
import sqlalchemy as sa
from alembic import op

revision = "r0001"
down_revision = "b0001"
branch_labels = None
depends_on = None

APP_ROLE = "tsunagu_app"

# PostgreSQL: the tables belong to whoever runs the migrations; the role the app signs in with is made
# a member of tsunagu_app, which may read and write every table but only read and add to audit_log —
# no UPDATE, DELETE or TRUNCATE, and (not being the owner) no ALTER, DISABLE TRIGGER or DROP.
# Creating the role needs CREATEROLE; without it (one database user for everything) nothing is granted
# and the README says what that leaves open.
_PG_GRANTS = f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
    BEGIN
      CREATE ROLE {APP_ROLE} NOLOGIN;
    EXCEPTION
      WHEN duplicate_object THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'no CREATEROLE: role {APP_ROLE} not created, the app role is not restricted';
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE};
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {APP_ROLE};
    REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {APP_ROLE};
    -- tables added by later migrations (run by the same owner) get the same grants
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE};
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE};
  END IF;
END $$;
"""


def upgrade() -> None:
    op.create_table(
        "rate_counts",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("window_start", sa.DateTime, nullable=False),
        sa.Column("n", sa.Integer, nullable=False, server_default="0"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_GRANTS)
    else:
        # INSERT OR REPLACE / REPLACE over an existing id deletes the old entry without firing the DELETE
        # trigger (recursive_triggers is off): refuse any insert that names an id already used.
        op.execute("CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit_log "
                   "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
                   "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_no_replace")
    op.drop_table("rate_counts")
