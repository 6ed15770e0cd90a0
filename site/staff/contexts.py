"""What each staff console page's template is given (issue 23.5): one typed context per page, as for the
public pages (site/pages/contexts.py). Keys are checked by mypy where routes build them and by the contract
test (tests/web/test_page_contexts.py) against what each template reads. The values are typed loosely
(the console's rows are built by its own routes); `total=False`: a page sets some keys only sometimes.
"""
from __future__ import annotations

from typing import Any

from ..pages.contexts import Layout


class StaffLayout(Layout, total=False):
    """staff/base.html (within the public layout): the signed-in account, its navigation, one CSRF token per form."""
    account: Any
    csrf: list[str]
    staff_nav: Any
    title: str


class BatchContext(StaffLayout, total=False):
    author: Any
    batch: Any
    can_review: Any
    created: Any
    own: Any
    rows: Any
    values: Any

class BuildsContext(StaffLayout, total=False):
    message: Any
    rows: Any

class ChangeContext(StaffLayout, total=False):
    can_revert: Any
    can_review: Any
    item: Any
    own: Any
    precision: Any
    public_url: Any
    schedule: Any

class ChangesContext(StaffLayout, total=False):
    items: Any
    status: Any
    status_choices: Any

class ConsoleContext(StaffLayout, total=False):
    city_choices: Any
    filters: Any
    kind_choices: Any
    missing_choices: Any
    new_links: Any
    rows: Any
    without_name: Any

class GapsContext(StaffLayout, total=False):
    city: Any
    city_choices: Any
    items: Any
    limit: Any

class ImportContext(StaffLayout, total=False):
    city: Any
    counts: Any
    file_problems: Any
    kind: Any
    kinds: Any
    plan: Any
    rows: Any
    upload_id: Any

class ImportsContext(StaffLayout, total=False):
    items: Any
    jst: Any
    kinds: Any
    names: Any

class LoginContext(StaffLayout, total=False):
    message: Any
    name: Any
    next: Any

class PasswordContext(StaffLayout, total=False):
    done: Any
    error_for: Any
    max_length: Any
    min_length: Any

class ProblemContext(Layout):
    title: str
    detail: str

class RecordFormContext(StaffLayout, total=False):
    can_verify: Any
    categories_picked: Any
    category_choices: Any
    city_name: Any
    city_slug: Any
    district_choices: Any
    district_note: Any
    error_for: Any
    fields: Any
    history: Any
    record: Any
    record_id: Any
    stale: Any
    values: Any
    version: Any
    warnings: Any

class SuggestionQueueContext(StaffLayout, total=False):
    city_names: Any
    facts: Any
    items: Any
    labels: Any
    status: Any
    status_choices: Any
    subjects: Any

class SuggestionReviewContext(StaffLayout, total=False):
    can_review: Any
    choices: Any
    city_name: Any
    error_for: Any
    flags: Any
    label: Any
    note: Any
    record: Any
    rows: Any
    same: Any
    sug: Any
    typed: Any
    version: Any


STAFF_PAGES: dict[str, type] = {
    "staff/batch.html": BatchContext,
    "staff/builds.html": BuildsContext,
    "staff/change.html": ChangeContext,
    "staff/changes.html": ChangesContext,
    "staff/console.html": ConsoleContext,
    "staff/gaps.html": GapsContext,
    "staff/import.html": ImportContext,
    "staff/imports.html": ImportsContext,
    "staff/login.html": LoginContext,
    "staff/password.html": PasswordContext,
    "staff/problem.html": ProblemContext,
    "staff/record_form.html": RecordFormContext,
    "suggest/queue.html": SuggestionQueueContext,
    "suggest/review.html": SuggestionReviewContext,
}
