"""Warnings that keep a row's words and its place within its cited plan lines (issue 29.3).

- **Present activity on a measure.** A row whose every cited plan line is a row of a plan's table of
  measures (「1-2-4-25<TAB>取組<TAB>担当課<TAB>■」; 鎌倉 素案 1040〜1041行 explain the marks ◎・●・■) has
  only a title, a department and a mark behind it. A description that then says the thing is being
  done now (「行っています」「実施しています」「開いています」「派遣します」…) says more than the lines.
  Sentences that speak of the plan itself (「計画に、…が挙げられています」「計画は…としています」) are
  the truthful form and are not flagged.
- **A place with no line behind it.** A district, a town, an address or a point put the record on the
  map. Each must be read from a cited line: the district's name (or one of its towns), the town's name,
  the address, as printed or as corrected in `corrections.csv` (a `certain`/`probable` correction of the
  same record, e.g. 「沼子」→「逗子」). A point typed in the row (lat/lon) with nothing else must come
  from a supplier. A guess (「直前の行の続き」) is not a line and never makes a point.

Both need the plan text. The OCR files are not in the repository (they live in the shared seeds
folder beside it, or `TSUNAGU_SEEDS_DIR`, or `data/seeds/`, found as in `claims.py`). Where they are
not found, the first rule falls back on `data/measure_rows.yaml`, a small committed extract that lists,
per plan, which line numbers are measures-table rows (tests/data/test_grounding.py checks it against the
plans wherever they are present); the place rule, which needs the words, stays silent. The tests carry
their own small plan in a fixture folder.
Warnings, not errors: a curator may know better, and a warning shows where to look.
"""
from __future__ import annotations

import re
from pathlib import Path

from tsunagu.text import name_key, nfkc

from .cells import town_base
from .claims import MEASURE_ROW, _plan_lines, seeds_dir
from .problems import ProblemList
from .yamlio import YamlFileError, read_yaml

# Per plan, the line numbers that are measures-table rows ("1045-1049,1166"), for when the plans are absent.
EXTRACT = "measure_rows.yaml"

# A description stating the thing is being done now (present progressive, or a plain 「〜します」 of a
# delivered service). Stems, matched on NFKC text.
PRESENT_ACTIVITY = re.compile(
    r"(?:行っ|おこなっ|実施し|開い|開催し|運営し|設置し|配置し|受け付け|受けつけ|届け|配っ|派遣し|貸し出し|貸出し|"
    r"取り組ん|展開し|支援し|支給し|助成し|補助し|紹介し|応じ|行われ|開かれ|実施され|運営され)て(?:い)?(?:ます|る)"
    r"|(?:行い|実施し|開き|開催し|運営し|派遣し|貸し出し|支援し|支給し|助成し|補助し|紹介し|届け|応じ|訪ね|育て|つなぎ)ます"
)
# A sentence about the plan itself (「計画に、…挙げられています」「計画は…としています」) is not a claim of activity.
ABOUT_THE_PLAN = re.compile(r"計画(?:に|は|で|では|の)")
_SENTENCE = re.compile(r"[^。]+。?")
# A sentence of `notes` that reads a district as a guess (「…の続きとして地区を池子にしました（要確認）」).
_GUESS = re.compile(r"地区[^。]*(?:要確認|推定|推測)")


def is_measure_row(line: str) -> bool:
    """True for a row of a plan's measures table: a measure number, a title, a department and a ◎/●/■ mark."""
    return bool(MEASURE_ROW.match(line))


def activity_sentences(description: str) -> list[str]:
    """The sentences of `description` that state present activity, not counting sentences about the plan."""
    out = []
    for sentence in _SENTENCE.findall(nfkc(description)):
        if PRESENT_ACTIVITY.search(sentence) and not ABOUT_THE_PLAN.search(sentence):
            out.append(sentence.strip())
    return out


def measure_row_numbers(text_lines: list[str]) -> str:
    """The measures-table rows of a plan's lines, as the extract writes them (「1045-1049,1166」)."""
    nums = [n for n, line in enumerate(text_lines, 1) if is_measure_row(line)]
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        parts.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ",".join(parts)


def read_extract(data_dir: Path) -> dict[str, set[int]]:
    """`measure_rows.yaml` as {plan: line numbers}; empty if absent or unreadable (the check then stays silent)."""
    path = Path(data_dir) / EXTRACT
    if not path.is_file():
        return {}
    try:
        raw = read_yaml(path, EXTRACT) or {}
    except YamlFileError:
        return {}
    out: dict[str, set[int]] = {}
    for plan, spec in (raw.items() if isinstance(raw, dict) else ()):
        nums: set[int] = set()
        for part in str(spec or "").split(","):
            a, _, b = part.strip().partition("-")
            if a.isdigit():
                nums.update(range(int(a), int(b or a) + 1))
        out[str(plan)] = nums
    return out


def _all_measure_rows_by_extract(r, extract: dict[str, set[int]]) -> bool:
    """True if every cited line is a measures-table row according to the extract (all cited plans listed)."""
    cited = [(s.plan, n) for s in r.source for n in s.lines]
    if not cited or any(s.supplier or s.plan not in extract for s in r.source):
        return False
    return all(n in extract[plan] for plan, n in cited)


def _cited(r, lines: dict[str, list[str]]) -> list[str] | None:
    """The text of every cited plan line, or None if a cited plan is not available (or a supplier is cited)."""
    out: list[str] = []
    for s in r.source:
        if s.supplier or not s.plan:
            return None
        if s.plan not in lines:
            return None
        text = lines[s.plan]
        out.extend(text[n - 1] for n in s.lines if 0 < n <= len(text))
    return out


def _corrected(text: str, corrections) -> str:
    """The cited text with the record's own certain/probable corrections applied (OCR misreadings)."""
    for c in corrections:
        if c.certainty != "uncertain" and c.as_printed and c.corrected:
            text = text.replace(c.as_printed, c.corrected)
    return text


def _in(name: str, text: str) -> bool:
    key = name_key(name)
    return bool(key) and key in text


def _place_problems(r, city, text: str, venue_has_point: bool = False) -> list[tuple[str, str]]:
    out = []
    if r.district and r.district != "all" and city is not None:
        d = city.district(r.district)
        names = [d.name, *getattr(d, "towns", ())] if d else [r.district]
        if not any(_in(n, text) for n in names):
            label = d.name if d else r.district
            out.append(("district", (f"地区「{label}」が出典のどの行にも書かれていません。地区の名前が書かれた行を出典に足すか、"
                                     "行から決められないときは地区を空欄にしてください（推測の地区は地図に点を置きます）")))
    if r.district and r.district != "all" and not (r.town or r.address or venue_has_point) and _GUESS.search(r.notes or ""):
        out.append(("district", ("地区が推測（notes に「要確認」「推定」）のまま地図の点になっています。"
                                 "推測の地区は点を置かないよう、地区を空欄にするか、地区が書かれた行を確かめてください")))
    if r.town and not _in(town_base(r.town), text):
        out.append(("town", (f"町名「{r.town}」が出典のどの行にも書かれていません。町名が書かれた行を出典に足すか、"
                             "町名を空欄にしてください（名前にあるだけの町名は、そこで開かれているとは言えません）")))
    if r.address and not r.town and not _in(r.address, text):
        out.append(("address", f"住所「{r.address}」が出典のどの行にも書かれていません。住所が書かれた行を出典に足してください"))
    if r.lat is not None and not (r.address or r.town or r.venue):
        out.append(("lat", "座標の根拠になる行がありません（住所・町名・会場のどれも書かれていません）。"
                           "計画の行から場所が分からないときは座標を消してください"))
    return out


def check_grounding(data_dir: Path, directory) -> ProblemList:
    """Warnings for every resource whose words or place go beyond its cited plan lines; silent without the plans."""
    problems = ProblemList()
    lines = _plan_lines(seeds_dir(data_dir), directory.plans)
    extract = {} if lines else read_extract(data_dir)
    if not lines and not extract:
        return problems
    for r in directory.resources:
        rel, _, rowno = r.origin.rpartition(":")
        row = int(rowno) if rowno.isdigit() else 0
        cited = _cited(r, lines) if lines else None
        measures_only = all(is_measure_row(line) for line in cited) if cited else _all_measure_rows_by_extract(r, extract)
        if measures_only:
            for sentence in activity_sentences(r.description):
                problems.warn(rel, row, "description", (
                    f"説明「{sentence}」は、今行われていると言っています。出典の行はどれも計画の取組の表（◎・■などの印）の行で、"
                    "取組の名前と担当課しか書かれていません。「計画に、…の取り組みとして挙げられています」の形にするか、"
                    "行われていると書かれた行を出典に足してください"))
        if not cited:
            continue
        text = name_key(_corrected("".join(cited), r.corrections))
        venue = directory.venues.get(r.venue)
        venue_has_point = r.venue.startswith("gsi:") or bool(venue and venue.lat is not None)
        for column, message in _place_problems(r, directory.cities.get(r.city), text, venue_has_point):
            problems.warn(rel, row, column, message)
    return problems
