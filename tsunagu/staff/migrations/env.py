"""Alembic environment: always run from `tsunagu.staff.db.migrate` with an open connection."""
from alembic import context

from tsunagu.staff.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
