"""The fields staff may edit, and the first cleaning of what a form sends.

What is accepted is then decided by the same checks as `tsunagu check` (see validation.py);
this module only refuses what must never reach a CSV cell (control characters, huge values)
and folds full-width digits so 046−876−6299 typed on a Japanese keyboard is read as meant.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace

from tsunagu.data.rows import LIST_SEP, split_list
from tsunagu.data.validate import CONTROL_RE, MAX_CELL
from tsunagu.text import fold_dashes


@dataclass(frozen=True)
class Field:
    name: str  # the CSV column
    label: str
    hint: str = ""
    multiline: bool = False
    choice: tuple[tuple[str, str], ...] = ()
    widget: str = ""  # "district" (a select of the city's districts) or "categories" (checkboxes); else by the above

    def for_city(self, examples: Mapping[str, str]) -> Field:
        """This field with its 「例:」 in the city's own words (City.examples fills {address} and {town})."""
        return replace(self, hint=self.hint.format_map(examples)) if "{" in self.hint else self


EDITABLE: tuple[Field, ...] = (
    Field("phone", "電話番号", "市外局番から、半角数字とハイフンで。例: 0000-00-0000"),
    Field("venue_text", "会場", "例: 〇〇会館、〇〇公民館"),
    Field("address", "住所", "その市の住所だけ。例: {address}。個人宅のときは空欄にします"),
    Field("town", "町名", "例: {town}"),
    Field("schedule", "日時", "例: 毎月第2火曜 10:00〜12:00"),
    Field("fee", "費用", "例: 1回100円（お茶代）"),
    Field("how_to_join", "申込方法", "例: 申込不要。直接会場へ"),
    Field("targets", "対象", "決まった言葉を ; で区切って。例: 高齢者;多世代（使える言葉は入力の誤りのときに表示します）"),
    Field("accessibility", "バリアフリー", "例: 段差なし、車いす可"),
    Field("url", "ホームページ（URL）", "https:// から始まるアドレス"),
    Field("contact_hours", "問い合わせの受付時間", "例: 平日 9:00〜17:00"),
    Field("description", "説明（やさしい日本語で）", "何ができるところか、だれのためか", multiline=True),
    # Other languages (issue 30.2): written by a person, never a machine translation. Left empty, the
    # English page says there is no English text and shows the Japanese with its reading.
    Field("name_en", "英語の名称", "ローマ字と英語で。例: Sakurayama Salon（機械翻訳は使わないでください）"),
    Field("description_en", "説明（英語）", "英語を書ける人が書いた文だけ。機械翻訳は使わないでください", multiline=True),
    Field("description_easy", "説明（やさしい日本語）", "短い文で。です・ます で。例: お年よりが あつまって、お茶を のみます。",
          multiline=True),
    Field("location_public", "場所の公開", "個人宅は「公開しない」にします。町名だけが載ります",
          choice=(("true", "公開する"), ("false", "公開しない（個人宅など）"))),
)
NAME = Field("name", "名称", "例: 〇〇ふれあいサロン")
KIND = Field("kind", "種類", "", choice=(("salon", "サロン・通いの場"), ("consultation_desk", "相談窓口"),
                                        ("support_service", "支援サービス"), ("program", "事業・講座"), ("facility", "施設")))
NEW_ONLY: tuple[Field, ...] = (NAME, KIND)
# Where and what a record is: editable on the staff form (issue 28.8), reviewed like every other field.
PLACING: tuple[Field, ...] = (
    Field("district", "地区", "市全体が対象のときは「地区なし（市全体）」。サロン・通いの場は市全体にできません。"
          "地区をえらぶか、町名を書いてください", widget="district"),
    Field("categories", "分野", "あてはまるものをすべてえらびます", widget="categories"),
)
NO_DISTRICT = "地区なし（市全体）"
LABELS = {f.name: f.label for f in EDITABLE + NEW_ONLY + PLACING} | {"last_verified": "最終確認日", "source": "出典"}


def form_fields(new: bool) -> tuple[Field, ...]:
    """The staff form's fields in reading order: name, (kind,) district, categories, then the facts."""
    return (NAME, *((KIND,) if new else ()), *PLACING, *EDITABLE)


def district_choices(city) -> tuple[tuple[str, str], ...]:
    """("", 地区なし（市全体）) and the city's districts by name (`city` is a data.model.City)."""
    return (("", NO_DISTRICT), *((d.id, d.name) for d in (city.districts if city is not None else ())))


def clean(name: str, raw: str) -> tuple[str, str]:
    """(value, error message). Never silently drops what the person typed."""
    if len(raw) > MAX_CELL:
        return "", f"{LABELS.get(name, name)}が長すぎます（{len(raw)} 文字）。{MAX_CELL} 文字以内にしてください"
    text = raw.replace("\r\n", "\n").strip()
    if name in ("description", "description_en", "description_easy", "review_note"):  # a textarea: line breaks become spaces (a CSV cell is one line)
        text = re.sub(r"[ \t]*\n+[ \t]*", " ", text)
    if CONTROL_RE.search(text):
        return "", f"{LABELS.get(name, name)}に改行・タブなどの制御文字は使えません。1 行で書いてください"
    text = unicodedata.normalize("NFC", text)
    if name == "phone":
        # ー is a dash in a phone number (046ー876ー6299); the text module's table leaves it to kana
        text = fold_dashes(unicodedata.normalize("NFKC", text)).replace("ー", "-").replace(" ", "")
    if name in ("url",):
        text = unicodedata.normalize("NFKC", text)
    if name == "categories":  # checkboxes arrive one value each; the cell keeps them once, in the order sent
        text = LIST_SEP.join(dict.fromkeys(split_list(text)))
    if name == "location_public" and text not in ("true", "false"):
        return "", "場所の公開は「公開する」か「公開しない」をえらんでください"
    return text, ""
