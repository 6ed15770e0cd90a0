"""The import batch table (in the staff database, next to the change requests it groups)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tsunagu.staff.models import Base, utcnow


class ImportBatch(Base):
    """One supplier's list, proposed as one batch: its rows are change requests with this batch_id."""
    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city: Mapped[str] = mapped_column(String(32), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    file_name: Mapped[str] = mapped_column(String(200))
    file_date: Mapped[str] = mapped_column(String(10))  # the list's own date (ISO), named in each row's source
    supplier: Mapped[str] = mapped_column(String(200))  # who supplied it: the importing account's organisation
    kind: Mapped[str] = mapped_column(String(32), default="salon")
    summary: Mapped[dict] = mapped_column(JSON)  # counts, unchanged rows, records the file did not mention
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | reviewed
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    review_note: Mapped[str] = mapped_column(Text, default="")
