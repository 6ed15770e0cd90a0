"""The published accessibility test result (試験結果, JIS X 8341-3:2016) for /about/accessibility.

Two inputs, both committed next to this module in `a11y/`:

- `result.json`: the automated part, written by the browser test run
  (`TSUNAGU_WRITE_A11Y_RESULT=1 .venv/bin/python -m pytest tests/browser/test_a11y_result.py`): which axe-core
  rules, per WCAG success criterion, passed, failed or could not decide on which of the pages tested.
  The same test recomputes it from its own axe run and fails while the committed file disagrees.
- `manual_checks.yaml`: the reviewed checks that are not axe's (by hand, or by a named test of the suite),
  each with who checked and when.

A criterion is 「適合」 only when a reviewed check says so and axe found no violation of it; axe alone finding
nothing wrong is shown as such and stays 「未検証」 (axe covers only part of any criterion). The 対応度
follows from the results: 準拠 only when every A/AA criterion of JIS X 8341-3:2016 is met, 一部準拠 only when
every one was tested and some are not met, otherwise 配慮.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

DATA_DIR = Path(__file__).parent.parent / "a11y"
RESULT_FILE = DATA_DIR / "result.json"
MANUAL_FILE = DATA_DIR / "manual_checks.yaml"
REGENERATE = "TSUNAGU_WRITE_A11Y_RESULT=1 .venv/bin/python -m pytest tests/browser/test_a11y_result.py"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# JIS X 8341-3:2016 (= WCAG 2.0): the 38 success criteria of levels A and AA, with the standard's names.
JIS_CRITERIA: list[tuple[str, str, str]] = [
    ("1.1.1", "非テキストコンテンツ", "A"),
    ("1.2.1", "音声のみ及び映像のみ（収録済み）", "A"),
    ("1.2.2", "キャプション（収録済み）", "A"),
    ("1.2.3", "音声解説、又はメディアに対する代替コンテンツ（収録済み）", "A"),
    ("1.2.4", "キャプション（ライブ）", "AA"),
    ("1.2.5", "音声解説（収録済み）", "AA"),
    ("1.3.1", "情報及び関係性", "A"),
    ("1.3.2", "意味のある順序", "A"),
    ("1.3.3", "感覚的な特徴", "A"),
    ("1.4.1", "色の使用", "A"),
    ("1.4.2", "音声の制御", "A"),
    ("1.4.3", "コントラスト（最低限レベル）", "AA"),
    ("1.4.4", "テキストのサイズ変更", "AA"),
    ("1.4.5", "文字画像", "AA"),
    ("2.1.1", "キーボード", "A"),
    ("2.1.2", "キーボードトラップなし", "A"),
    ("2.2.1", "タイミング調整可能", "A"),
    ("2.2.2", "一時停止、停止及び非表示", "A"),
    ("2.3.1", "3回の閃光、又は閾値以下", "A"),
    ("2.4.1", "ブロックスキップ", "A"),
    ("2.4.2", "ページタイトル", "A"),
    ("2.4.3", "フォーカス順序", "A"),
    ("2.4.4", "リンクの目的（コンテキスト内）", "A"),
    ("2.4.5", "複数の手段", "AA"),
    ("2.4.6", "見出し及びラベル", "AA"),
    ("2.4.7", "フォーカスの可視化", "AA"),
    ("3.1.1", "ページの言語", "A"),
    ("3.1.2", "一部分の言語", "AA"),
    ("3.2.1", "フォーカス時", "A"),
    ("3.2.2", "入力時", "A"),
    ("3.2.3", "一貫したナビゲーション", "AA"),
    ("3.2.4", "一貫した識別性", "AA"),
    ("3.3.1", "エラーの特定", "A"),
    ("3.3.2", "ラベル又は説明", "A"),
    ("3.3.3", "エラー修正の提案", "AA"),
    ("3.3.4", "エラー回避（法的、金融及びデータ）", "AA"),
    ("4.1.1", "構文解析", "A"),
    ("4.1.2", "名前（name）、役割（role）及び値（value）", "A"),
]

# Added by WCAG 2.1 and 2.2 (not part of JIS X 8341-3:2016): shown for reference, outside the 対応度.
LATER_CRITERIA: list[tuple[str, str, str]] = [
    ("1.3.4", "表示の向き", "AA"),
    ("1.3.5", "入力目的の特定", "AA"),
    ("1.4.10", "リフロー", "AA"),
    ("1.4.11", "非テキストのコントラスト", "AA"),
    ("1.4.12", "テキストの間隔", "AA"),
    ("1.4.13", "ホバー又はフォーカスで表示されるコンテンツ", "AA"),
    ("2.1.4", "文字キーのショートカット", "A"),
    ("2.4.11", "フォーカスの非隠蔽（最低限）", "AA"),
    ("2.5.1", "ポインタのジェスチャ", "A"),
    ("2.5.2", "ポインタのキャンセル", "A"),
    ("2.5.3", "ラベルを含む名前（name）", "A"),
    ("2.5.4", "動きによる起動", "A"),
    ("2.5.7", "ドラッグ動作", "AA"),
    ("2.5.8", "ターゲットのサイズ（最低限）", "AA"),
    ("3.2.6", "一貫したヘルプ", "A"),
    ("3.3.7", "冗長な入力", "A"),
    ("3.3.8", "アクセシブルな認証（最低限）", "AA"),
    ("4.1.3", "ステータスメッセージ", "AA"),
]
ALL_CRITERIA = {sc: (name, level) for sc, name, level in JIS_CRITERIA + LATER_CRITERIA}

MET, NOT_MET, NOT_APPLICABLE, UNVERIFIED = "適合", "不適合", "適用なし", "未検証"
MANUAL_RESULTS = (MET, NOT_MET, NOT_APPLICABLE)


def criterion_of_tag(tag: str) -> str | None:
    """axe's tag for a success criterion ("wcag111", "wcag1412", "wcag258") → "1.1.1", "1.4.12", "2.5.8"."""
    m = re.fullmatch(r"wcag(\d)(\d)(\d{1,2})", tag)
    if not m:
        return None
    sc = ".".join(m.groups())
    return sc if sc in ALL_CRITERIA else None


def summarise_axe(page_runs: dict[str, dict], rule_tags: dict[str, list[str]]) -> dict[str, dict[str, dict]]:
    """Per criterion, per axe rule: whether it found anything to check on any page, and on how many pages
    it found a violation or could not decide (incomplete). `page_runs` maps a page name to lists of rule
    ids under "passes", "violations", "incomplete", "inapplicable". Only what the published page shows is
    kept, so the committed file changes when the published result would."""
    out: dict[str, dict[str, dict]] = {}
    for rule, tags in sorted(rule_tags.items()):
        for sc in sorted({c for t in tags if (c := criterion_of_tag(t))}):
            def pages(kind: str, rule: str = rule) -> int:
                return sum(rule in run.get(kind, []) for run in page_runs.values())
            out.setdefault(sc, {})[rule] = {
                "checked": bool(pages("passes") or pages("violations") or pages("incomplete")),
                "violations": pages("violations"), "incomplete": pages("incomplete")}
    return {sc: out[sc] for sc in sorted(out, key=sc_key)}


def sc_key(sc: str) -> tuple[int, ...]:
    return tuple(int(p) for p in sc.split("."))


@dataclass
class Row:
    sc: str
    name: str
    level: str
    jis: bool
    result: str                      # 適合 / 不適合 / 適用なし / 未検証
    applies: str                     # ○ / － / ？
    basis: str                       # 自動＋確認 / 確認 / 自動のみ / なし
    axe_rules: dict[str, dict] = field(default_factory=dict)
    checks: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def axe_checked(self) -> bool:
        """Some axe rule of this criterion found something to check on some page."""
        return any(c.get("checked", False) for c in self.axe_rules.values())

    @property
    def axe_violations(self) -> int:
        return sum(c.get("violations", 0) for c in self.axe_rules.values())


@dataclass
class TestResult:
    standard: str
    tested_on: str
    axe_version: str
    axe_tags: list[str]
    pages: list[dict]
    rows: list[Row]
    other_tools: list[dict]
    manual_reviewed_by: str
    conformance: str                 # 準拠 / 一部準拠 / 配慮
    counts: dict[str, int]

    @property
    def jis_rows(self) -> list[Row]:
        return [r for r in self.rows if r.jis]

    @property
    def later_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.jis]

    @property
    def not_met(self) -> list[Row]:
        return [r for r in self.jis_rows if r.result == NOT_MET]


def decide(sc: str, axe_rules: dict[str, dict], checks: list[dict]) -> Row:
    name, level = ALL_CRITERIA[sc]
    row = Row(sc=sc, name=name, level=level, jis=any(sc == c for c, _, _ in JIS_CRITERIA), result=UNVERIFIED,
              applies="？", basis="なし", axe_rules=axe_rules, checks=checks)
    manual = [c["result"] for c in checks]
    if row.axe_violations or NOT_MET in manual:
        row.result, row.applies = NOT_MET, "○"
        if row.axe_violations:
            row.notes.append(f"axe-core が {row.axe_violations} 件（ページ×ルール）の違反を検出")
    elif MET in manual:
        row.result, row.applies = MET, "○"
    elif manual and all(m == NOT_APPLICABLE for m in manual):
        row.result, row.applies = NOT_APPLICABLE, "－"
    incomplete = sum(c.get("incomplete", 0) for c in axe_rules.values())
    if incomplete and row.result == UNVERIFIED:
        row.notes.append(f"axe-core が判定できなかった箇所あり（{incomplete} 件、人による確認が必要）")
    if checks:
        row.basis = "自動＋確認" if row.axe_checked else "確認"
    elif row.axe_checked:
        row.basis = "自動のみ"
        if row.result == UNVERIFIED:
            row.notes.append("自動検査（axe-core）では違反なし。自動検査は達成基準の一部しか確かめられないため、"
                             "人による確認を終えるまで「未検証」としています")
    return row


def conformance_of(rows: list[Row]) -> str:
    """JIS X 8341-3:2016 対応度: 準拠 only if every criterion is met (or does not apply), 一部準拠 only if
    every criterion was tested and some are not met; anything untested leaves 配慮."""
    jis = [r for r in rows if r.jis]
    if any(r.result == UNVERIFIED for r in jis):
        return "配慮"
    if any(r.result == NOT_MET for r in jis):
        return "一部準拠"
    return "準拠"


def validate_manual(doc: Any) -> list[dict]:
    """The reviewed checks, each with criterion, result, checked_by, checked_on, method; errors raise."""
    if not isinstance(doc, dict) or not isinstance(doc.get("checks"), list):
        raise ValueError(f"{MANUAL_FILE.name}: expected a mapping with a list under 'checks'")
    checks = []
    for i, c in enumerate(doc["checks"], 1):
        where = f"{MANUAL_FILE.name}: check #{i}"
        if not isinstance(c, dict):
            raise ValueError(f"{where}: not a mapping")
        missing = [k for k in ("criterion", "result", "checked_by", "checked_on", "method") if not c.get(k)]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        if str(c["criterion"]) not in ALL_CRITERIA:
            raise ValueError(f"{where}: unknown success criterion {c['criterion']!r}")
        if c["result"] not in MANUAL_RESULTS:
            raise ValueError(f"{where}: result must be one of {MANUAL_RESULTS}, not {c['result']!r}")
        checked_on = c["checked_on"]
        if not isinstance(checked_on, date):
            checked_on = date.fromisoformat(str(checked_on))
        checks.append({**c, "criterion": str(c["criterion"]), "checked_on": checked_on.isoformat()})
    return checks


def build(result: dict, manual_doc: Any) -> TestResult:
    checks = validate_manual(manual_doc)
    by_sc: dict[str, list[dict]] = {}
    for c in checks:
        by_sc.setdefault(c["criterion"], []).append(c)
    axe = result.get("criteria", {})
    rows = [decide(sc, axe.get(sc, {}), by_sc.get(sc, [])) for sc, _, _ in JIS_CRITERIA + LATER_CRITERIA]
    jis = [r for r in rows if r.jis]
    counts = {
        "jis": len(jis),
        "later": len(rows) - len(jis),
        "met": sum(r.result == MET for r in jis),
        "not_met": sum(r.result == NOT_MET for r in jis),
        "not_applicable": sum(r.result == NOT_APPLICABLE for r in jis),
        "unverified": sum(r.result == UNVERIFIED for r in jis),
        "axe_covered": sum(r.axe_checked for r in jis),
        "axe_only": sum(r.basis == "自動のみ" for r in jis),
        "reviewed": sum(bool(r.checks) for r in jis),
        "untested": sum(r.basis == "なし" for r in jis),
    }
    return TestResult(
        standard="JIS X 8341-3:2016", tested_on=result.get("tested_on", ""),
        axe_version=result.get("axe", {}).get("version", ""), axe_tags=result.get("axe", {}).get("tags", []),
        pages=[{**p, "shown": unquote(p.get("path", ""))} for p in result.get("pages", [])], rows=rows, other_tools=result.get("other_tools", []),
        manual_reviewed_by=str(manual_doc.get("reviewed_by", "")) if isinstance(manual_doc, dict) else "",
        conformance=conformance_of(rows), counts=counts)


@lru_cache(maxsize=1)
def load() -> TestResult | None:
    """The committed result, or None when its files are not there (the page then says so)."""
    if not RESULT_FILE.exists() or not MANUAL_FILE.exists():
        return None
    result = json.loads(RESULT_FILE.read_text(encoding="utf-8"))
    manual = yaml.safe_load(MANUAL_FILE.read_text(encoding="utf-8"))
    return build(result, manual)


# What each page of the test (tests/browser/helpers.py PAGES) stands for, as the result page names it.
PAGE_LABELS = {
    "home": "トップページ",
    "city": "市のトップページ（逗子市）",
    "search-results": "検索結果（「サロン」）",
    "search-filtered": "検索結果（種類で絞り込み、2ページ目）",
    "search-none": "検索結果（見つからなかったとき）",
    "search-understood": "検索結果（地名と相談内容を読み取ったとき）",
    "resource": "案内の詳しいページ（地域包括支援センター）",
    "desk-form": "相談窓口さがし（入力フォーム）",
    "desk-matched": "相談窓口さがし（住所からひとつに決まったとき）",
    "desk-ambiguous": "相談窓口さがし（候補が複数あるとき）",
    "desk-error": "相談窓口さがし（入力エラー）",
    "desk-no-contact": "相談窓口さがし（電話・場所がまだない窓口）",
    "near": "近くの場所さがし（住所から）",
    "near-station": "近くの場所さがし（駅から）",
    "near-nothing-placed": "近くの場所さがし（地図に置けるものがないとき）",
    "areas-index": "地区の一覧",
    "area-guide": "地区のガイド（安心便利帳）",
    "area-guide-all": "地区のガイド（市全体）",
    "personal-sheet": "相談先メモ（印刷用）",
    "about-accessibility": "アクセシビリティ方針・試験結果",
    "not-found": "ページが見つからないとき（404）",
}
