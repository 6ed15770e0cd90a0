"""Staff accounts, sessions, change requests and the audit log (the change flow).

Storage only: SQLAlchemy 2 models, Alembic migrations, and the services the CLI and the
staff console share. Nothing here serves public pages; approved changes go to data/ and
reach the site only through a build.
"""
