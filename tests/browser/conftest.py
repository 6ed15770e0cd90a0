"""Real-browser fixtures: the built site served by uvicorn on loopback, driven by Debian chromium.

One uvicorn server and one browser per session; contexts are reused (one per kind: default, axe,
JavaScript off, 200 % zoom, 320 px). Every context blocks non-loopback requests, so map tiles fail
fast offline and the pages must work without them.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .helpers import ARTIFACTS, CHROMIUM, DESKTOP, LAUNCH_ARGS, LOOPBACK, SCREENSHOTS, served

# ---------------------------------------------------------------- the app, served for real

@pytest.fixture(scope="session")
def browser_app(settings):
    from tsunagu.site.app import create_app
    return create_app(settings)


@pytest.fixture(scope="session")
def base_url(browser_app):
    with served(browser_app, timeout=30) as url:
        yield url


# ---------------------------------------------------------------- one browser per session

@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
                    "(`make test` installs it: apt-get install chromium)", pytrace=False)
    from playwright.sync_api import sync_playwright

    # Playwright's launch() always starts from a fresh temporary --user-data-dir of its own
    # (it refuses a --user-data-dir argument), so no profile state leaks between runs.
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


class Blocked:
    """Requests the contexts refused (anything not on loopback)."""

    def __init__(self):
        self.urls: list[str] = []


@pytest.fixture(scope="session")
def blocked() -> Blocked:
    return Blocked()


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return (parts.hostname or "") in LOOPBACK


@pytest.fixture(scope="session")
def new_context(browser, base_url, blocked):
    """Factory: a browser context on the served site, with every non-loopback request aborted."""
    made = []

    def make(**kw):
        kw.setdefault("viewport", DESKTOP)
        kw.setdefault("locale", "ja-JP")
        ctx = browser.new_context(base_url=base_url, **kw)
        ctx.set_default_timeout(15_000)

        def guard(route):
            url = route.request.url
            if is_loopback(url):
                route.continue_()
            else:
                blocked.urls.append(url)
                route.abort("internetdisconnected")

        ctx.route("**/*", guard)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture(scope="session")
def context(new_context):
    """The default context: 1280×900, JavaScript on, the site's CSP enforced."""
    return new_context()


@pytest.fixture(scope="session")
def nojs_context(new_context):
    return new_context(java_script_enabled=False)


@pytest.fixture(scope="session")
def axe_context(new_context):
    # axe-core is injected as an inline <script> (add_script_tag); the site's CSP allows only
    # nonce'd inline scripts, so this one context bypasses CSP. The CSP itself is exercised
    # in the default context (tests check no page errors and no CSP violations there).
    return new_context(bypass_csp=True)


class PageWatch:
    """Uncaught script errors and CSP violations seen on a page."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.csp: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", self._console)

    def _console(self, msg):
        if msg.type == "error" and "Content Security Policy" in msg.text:
            self.csp.append(msg.text)


def _page(ctx):
    page = ctx.new_page()
    page.watch = PageWatch(page)
    return page


@pytest.fixture
def page(context):
    """A page as users get it (CSP enforced): it must raise no script error and break no CSP rule."""
    p = _page(context)
    yield p
    p.close()
    assert not p.watch.errors, f"uncaught script errors on {p.url}: {p.watch.errors}"
    assert not p.watch.csp, f"Content Security Policy violations on {p.url}: {p.watch.csp}"


@pytest.fixture
def nojs_page(nojs_context):
    p = _page(nojs_context)
    yield p
    p.close()


@pytest.fixture
def axe_page(axe_context):
    p = _page(axe_context)
    yield p
    p.close()


# ---------------------------------------------------------------- pages under test

@pytest.fixture(scope="session")
def desk_id(browser_app) -> str:
    catalog = browser_app.state.holder.current.catalog
    return next(r.id for r in catalog.in_city("zushi") if r.name == "逗子市西部地域包括支援センター")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def axe_summary(artifacts):
    """Per-page axe results, written to tests/artifacts/axe-summary.json as they come in."""
    results: dict[str, dict] = {}
    path = artifacts / "axe-summary.json"

    def record(name: str, entry: dict) -> None:
        results[name] = entry
        path.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")

    yield record
    if results:
        path.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
        width = max(len(n) for n in results)
        lines = [f"{'page':<{width}}  status  violations  incomplete  passes"]
        for name, e in results.items():
            lines.append(f"{name:<{width}}  {e['status']:>6}  {e['violations']:>10}  {e['incomplete']:>10}  {e['passes']:>6}")
        (artifacts / "axe-summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
