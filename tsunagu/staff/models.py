"""Tables of the staff database. Published records are not here: they live in data/ and builds."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES = ("editor", "reviewer", "admin")
ROLE_LABELS = {"editor": "編集者", "reviewer": "確認者", "admin": "管理者"}


def utcnow() -> datetime:
    """Naive UTC: SQLite drops the zone on read, so every stored time is UTC without one."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    cities: Mapped[str] = mapped_column(String(200))  # comma-separated city slugs
    org: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def city_list(self) -> list[str]:
        return [c for c in self.cities.split(",") if c]

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def can_review(self) -> bool:
        return self.role in ("reviewer", "admin")


class StaffSession(Base):
    """A server-side session. `id` is the SHA-256 of the cookie value, never the value itself."""
    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ip: Mapped[str] = mapped_column(String(64), default="")


class CsrfToken(Base):
    """One token per rendered form, usable once: a replayed form is refused."""
    __tablename__ = "csrf_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ChangeRequest(Base):
    __tablename__ = "change_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city: Mapped[str] = mapped_column(String(32), index=True)
    record_id: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(16))  # edit | add | verify
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    base_version: Mapped[str] = mapped_column(String(64), default="")  # hash of the row it was made from
    changes: Mapped[list] = mapped_column(JSON)  # [{"field", "before", "after"}]
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | approved | rejected
    publish_state: Mapped[str] = mapped_column(String(16), default="")  # queued | building | live | refused
    build_id: Mapped[str] = mapped_column(String(100), default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    review_note: Mapped[str] = mapped_column(Text, default="")
    previous_row: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # for undoing a refused publish
    written_row: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    live_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    batch_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # an import batch (issue 24)


class AuditEntry(Base):
    """Append-only (database triggers refuse UPDATE and DELETE)."""
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(40))
    city: Mapped[str] = mapped_column(String(32), default="")
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str] = mapped_column(String(64), default="")


class RateCount(Base):
    """A counter per key ("login-ip:…", "suggest-city:…") in a window that starts at its first count
    (tsunagu.staff.counters: increased atomically, never read-then-written)."""
    __tablename__ = "rate_counts"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime)
    n: Mapped[int] = mapped_column(Integer, default=0)


class AppSecret(Base):
    """A secret every server shares (tsunagu.suggest.tokens.shared_secret): written once by the first server."""
    __tablename__ = "app_secrets"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
