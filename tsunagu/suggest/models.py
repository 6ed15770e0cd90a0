"""Tables of public suggestions (in the staff database, next to the change requests)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tsunagu.staff.models import Base, utcnow


class Suggestion(Base):
    __tablename__ = "suggestions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket: Mapped[str] = mapped_column(String(20), unique=True)  # 受付番号 (random, says nothing about volume)
    status_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the status URL's token
    city: Mapped[str] = mapped_column(String(32), index=True)
    record_id: Mapped[str] = mapped_column(String(100), default="")  # "" for a new salon
    kind: Mapped[str] = mapped_column(String(16))  # correction | new
    fields: Mapped[dict] = mapped_column(JSON)  # what the visitor typed, cleaned
    flags: Mapped[list] = mapped_column(JSON)  # privacy screening: [[field, message]]
    contact: Mapped[str] = mapped_column(Text, default="")  # for the reviewer only; deleted 90 days after resolution
    contact_deleted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # received, accepted, not_used or spam (labels: service.STATUS_LABELS)
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    public_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    client: Mapped[str] = mapped_column(String(64), default="", index=True)  # keyed hash of the address
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)  # duplicate detection
    form_nonce: Mapped[str] = mapped_column(String(64), unique=True)  # one suggestion per rendered form
    change_request_id: Mapped[int | None] = mapped_column(ForeignKey("change_requests.id"), nullable=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)


class SuggestionBlock(Base):
    """A pattern a reviewer marked as spam: the same text, a web address's host, or the sender's address."""
    __tablename__ = "suggestion_blocks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # text | host | client
    value: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    suggestion_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
