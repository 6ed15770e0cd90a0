"""Operations on a running installation: backup and restore (and, beside them, rollback)."""
