"""The two public forms: their fields, limits, and the cleaning of what a visitor sends.

Every field has a size limit; control characters and HTML are refused with a message saying
what to fix (nothing is silently changed beyond trimming and Unicode normalisation).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace

from tsunagu.data.validate import CONTROL_RE


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    limit: int
    required: bool = False
    multiline: bool = False
    hint: str = ""
    choice: tuple[tuple[str, str], ...] = ()
    checkbox: bool = False  # one tick box: "1" when ticked

    def for_city(self, examples: Mapping[str, str]) -> Field:
        """This field with its 「例:」 in the city's own words (City.examples fills {address} and {town})."""
        return replace(self, hint=self.hint.format_map(examples)) if "{" in self.hint else self


# Corrections sent before a resident could correct several facts at once (one `field` chosen, its `right`
# words; issue 28.8): no longer asked, still shown to reviewers as they were sent.
LEGACY_LABELS = {"field": "どの情報が違いますか", "right": "正しい内容"}
WRONG_CHOICES = (
    ("schedule", "日時・曜日"), ("venue_text", "会場・場所"), ("address", "住所"), ("phone", "電話番号"),
    ("fee", "費用"), ("how_to_join", "申込方法"), ("url", "ホームページ"), ("description", "説明"),
    ("closed", "今はもう開かれていない・終わった"), ("other", "そのほか"),
)
HOW_CHOICES = (
    ("runs", "運営している・手伝っている"), ("joins", "参加している"), ("saw", "チラシ・広報・ホームページで見た"),
    ("heard", "人から聞いた"), ("other", "そのほか"),
)
PLACE_CHOICES = (
    ("venue", "会館・施設など（名前を書きます）"), ("address", "住所を書きます"),
    ("home", "個人のお宅（町名だけを書きます。番地は載せません）"),
)
CONTACT = Field("contact", "あなたの連絡先（任意）", 200,
                hint="確認者が内容を確かめるときだけに使います。公開しません。処理が終わってから 90 日で消します。"
                     "書かなくても送れます")
# One optional box per fact: a resident corrects as many as they know in one sending; at least one is needed.
FACTS: tuple[Field, ...] = (
    Field("phone", "電話番号", 40, hint="市外局番から。例: 0000-00-0000"),
    Field("schedule", "日時・曜日", 300, hint="例: 毎月第3火曜 13:30〜15:30"),
    Field("venue_text", "会場の名前", 100, hint="例: 〇〇会館、〇〇公民館"),
    Field("address", "住所", 200, hint="例: {address}。個人のお宅のときは町名までにしてください"),
    Field("fee", "費用", 100, hint="例: 1回100円（お茶代）"),
    Field("other", "そのほか（申込方法・説明など）", 1000, multiline=True,
          hint="例: 申込が必要になりました。上の欄にあてはまらないことを書いてください"),
    Field("closed", "今はもう開かれていない・終わった", 1, checkbox=True),
)
NO_FACT = "直したい内容を、少なくとも 1 つ書いてください（電話番号・日時・場所・費用・そのほかのどれか。終わったときは、そのチェックをつけてください）"
CORRECTION: tuple[Field, ...] = (
    *FACTS,
    Field("how", "どうして知っていますか", 20, required=True, choice=HOW_CHOICES),
    CONTACT,
)
NEW: tuple[Field, ...] = (
    Field("name", "サロン・通いの場の名前", 100, required=True, hint="例: 〇〇ふれあいサロン"),
    Field("place_type", "どこで開いていますか", 20, required=True, choice=PLACE_CHOICES),
    Field("place", "会場の名前か住所", 200, hint="例: 〇〇会館、{address}。個人のお宅のときは空欄にします"),
    Field("town", "町名", 60, hint="例: {town}。個人のお宅のときは必ず書いてください（番地は書かないでください）"),
    Field("when", "いつ開いていますか", 300, hint="例: 毎月第2火曜 10:00〜12:00"),
    Field("public_contact", "問い合わせ先（公開してよいもの・任意）", 100,
          hint="会館や団体の電話番号など、公開してよい連絡先だけ。個人の携帯電話の番号は書かないでください"),
    Field("organiser", "運営している団体", 100, hint="例: 〇〇地区社会福祉協議会、〇〇町内会。個人のお名前は書かないでください"),
    Field("note", "そのほか伝えたいこと（任意）", 1000, multiline=True, hint="費用、申込の要・不要、対象など"),
    CONTACT,
)
FORMS = {"correction": CORRECTION, "new": NEW}
_TAG = re.compile(r"<\s*[a-zA-Z/!?]")
_SPACE = re.compile(r"\s+")


def label_of(kind: str, name: str) -> str:
    return next((f.label for f in FORMS[kind] if f.name == name), LEGACY_LABELS.get(name, name))


def clean_field(f: Field, raw: str) -> tuple[str, str]:
    """(value, error message in Japanese)."""
    if len(raw) > f.limit:
        return "", f"「{f.label}」が長すぎます（{len(raw):,} 文字）。{f.limit:,} 文字以内にしてください"
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").strip())
    if f.multiline:
        text = re.sub(r"[ \t]*\n+[ \t]*", " ", text)
    if CONTROL_RE.search(text):
        return "", f"「{f.label}」に制御文字（タブなど）は使えません。ふつうの文字で書いてください"
    if _TAG.search(text):
        return "", f"「{f.label}」に HTML のタグ（< で始まる書き方）は使えません。ふつうの文で書いてください"
    if f.choice and text and text not in dict(f.choice):
        return "", f"「{f.label}」は選択肢からえらんでください"
    if f.checkbox and text not in ("", "1"):
        return "", f"「{f.label}」は、チェックをつけるか外すかでえらんでください"
    if f.required and not text:
        verb = "えらんでください" if f.choice else "書いてください"
        return "", f"「{f.label}」を{verb}"
    return text, ""


def clean_form(kind: str, form: dict) -> tuple[dict, list[tuple[str, str]]]:
    """(values, [(field name, message)])."""
    values, errors = {}, []
    for f in FORMS[kind]:
        value, problem = clean_field(f, form.get(f.name, ""))
        values[f.name] = value
        if problem:
            errors.append((f.name, problem))
    facts = {f.name for f in FACTS}
    if kind == "correction" and not any(values[n] for n in facts) and not facts & {n for n, _ in errors}:
        errors.insert(0, ("facts", NO_FACT))
    if kind == "new" and not errors:
        if values["place_type"] == "home" and not values["town"]:
            errors.append(("town", "個人のお宅のときは、町名を書いてください（番地は載せません）"))
        if values["place_type"] in ("venue", "address") and not values["place"]:
            errors.append(("place", "会場の名前か住所を書いてください"))
    return values, errors


def fingerprint(city: str, record_id: str, kind: str, values: dict) -> str:
    """The same text twice is one suggestion: width, case and spaces do not make it new."""
    body = "|".join(_SPACE.sub("", unicodedata.normalize("NFKC", values.get(f.name, ""))).lower()
                    for f in FORMS[kind] if f.name != "contact")
    return hashlib.sha256(f"{city}|{record_id}|{kind}|{body}".encode()).hexdigest()


def text_fingerprint(values: dict) -> str:
    """The words only (any city, any record): what a reviewer's 「迷惑」 blocks."""
    body = "".join(_SPACE.sub("", unicodedata.normalize("NFKC", v)).lower()
                   for k, v in sorted(values.items()) if k not in ("contact", "field", "how", "place_type", "closed") and v)
    return hashlib.sha256(body.encode()).hexdigest()
