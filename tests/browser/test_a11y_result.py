"""The published 試験結果 (/about/accessibility) is the test run's: axe-core is run here on every page type, its
results per WCAG success criterion recomputed, and the committed site/a11y/result.json must agree. With
TSUNAGU_WRITE_A11Y_RESULT=1 the test writes the file instead (then review and commit it)."""
from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest

from tsunagu.site.pages import a11y_result as ar

from .helpers import AXE_JS, PAGES, ROOT, WCAG_TAGS, goto, page_path

pytestmark = [pytest.mark.browser, pytest.mark.bundled_data]

AXE_DETAIL = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  const ids = (list) => list.map(v => v.id).sort();
  return {passes: ids(r.passes), violations: ids(r.violations), incomplete: ids(r.incomplete),
          inapplicable: ids(r.inapplicable), version: axe.version,
          rules: Object.fromEntries(axe.getRules(tags).map(x => [x.ruleId, x.tags]))};
}"""


def vnu_version() -> str:
    package = ROOT / "node_modules" / "vnu-jar" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.exists() else ""


def recompute(axe_page, desk_id) -> dict:
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run `make test` (npm ci installs axe-core)"
    runs: dict[str, dict] = {}
    rules: dict[str, list[str]] = {}
    pages = []
    version = ""
    for name, (_, status) in PAGES.items():
        path = page_path(name, desk_id)
        goto(axe_page, path, status)
        axe_page.add_script_tag(path=str(AXE_JS))
        run = axe_page.evaluate(AXE_DETAIL, WCAG_TAGS)
        version = run.pop("version")
        rules.update(run.pop("rules"))
        runs[name] = run
        pages.append({"name": name, "label": ar.PAGE_LABELS.get(name, name), "path": path, "status": status})
    ran = {r for run in runs.values() for kind in run.values() for r in kind}
    return {
        "standard": "JIS X 8341-3:2016",
        "axe": {"version": version, "tags": list(WCAG_TAGS),
                "rules_run": len(ran), "rules_not_run": sorted(set(rules) - ran)},
        "pages": pages,
        "criteria": ar.summarise_axe(runs, {r: t for r, t in rules.items() if r in ran}),
        "other_tools": [{"name": "W3C Nu HTML Checker (vnu-jar)", "version": vnu_version(),
                         "test": "tests/browser/test_html_valid.py", "result": "エラー 0 件（全ページ種別）"}],
    }


def test_the_published_result_is_the_one_this_run_measures(axe_page, desk_id):
    assert list(WCAG_TAGS) == ar.AXE_TAGS, "the result page names the tags the axe runs use"
    missing = [n for n in PAGES if n not in ar.PAGE_LABELS]
    assert not missing, f"pages under test without a label in site/pages/a11y_result.py PAGE_LABELS: {missing}"
    fresh = recompute(axe_page, desk_id)
    if os.environ.get("TSUNAGU_WRITE_A11Y_RESULT"):
        fresh = {**fresh, "tested_on": datetime.now(UTC).date().isoformat()}
        ar.RESULT_FILE.parent.mkdir(parents=True, exist_ok=True)
        ar.RESULT_FILE.write_text(json.dumps(fresh, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        ar.load.cache_clear()
        return
    assert ar.RESULT_FILE.exists(), f"{ar.RESULT_FILE} is missing; write it with:\n  {ar.REGENERATE}"
    committed = json.loads(ar.RESULT_FILE.read_text(encoding="utf-8"))
    committed.pop("tested_on", None)
    if committed != fresh:
        diff = [f"  {key}" for key in sorted(set(committed) | set(fresh)) if committed.get(key) != fresh.get(key)]
        changed = [sc for sc in sorted(set(committed.get("criteria", {})) | set(fresh["criteria"]))
                   if committed.get("criteria", {}).get(sc) != fresh["criteria"].get(sc)]
        pytest.fail(
            "the committed accessibility test result (site/a11y/result.json, published on /about/accessibility) "
            "is not what this run of axe measured.\nParts that differ:\n" + "\n".join(diff)
            + (f"\nCriteria that differ: {', '.join(changed)}" if changed else "")
            + f"\nRegenerate it, review the difference and commit it:\n  {ar.REGENERATE}", pytrace=False)


def test_the_manual_checks_are_complete_and_point_at_real_tests():
    import yaml
    doc = yaml.safe_load(ar.MANUAL_FILE.read_text(encoding="utf-8"))
    checks = ar.validate_manual(doc)
    assert doc.get("reviewed_by"), "manual_checks.yaml names who reviewed it"
    for c in checks:
        for ref in c.get("tests", []) or []:
            file, _, func = ref.partition("::")
            assert (ROOT / file).exists(), f"{c['criterion']}: {file} does not exist"
            if func:
                assert f"def {func}(" in (ROOT / file).read_text(encoding="utf-8"), f"{c['criterion']}: no {ref}"


def test_the_page_shows_the_result(axe_page):
    result = ar.load()
    assert result is not None
    goto(axe_page, "/about/accessibility")
    table = axe_page.locator("#checklist-jis tbody tr")
    assert table.count() == len(ar.JIS_CRITERIA) == 38
    assert axe_page.locator("#checklist-later tbody tr").count() == len(ar.LATER_CRITERIA)
    assert axe_page.locator("#conformance").inner_text().strip().endswith(result.conformance)
    for row in result.jis_rows:
        cells = axe_page.locator(f"#sc-{row.sc.replace('.', '-')} td")
        assert cells.nth(1).inner_text().strip().startswith(row.result), row.sc
    assert axe_page.locator("#target-pages li").count() == len(PAGES)
