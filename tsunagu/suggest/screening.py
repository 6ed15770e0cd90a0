"""Privacy screening: flag what looks like personal data before a reviewer sees a suggestion.

Flags never change or refuse the text: the reviewer removes or confirms. Private homes are
published by town only in any case (the change request sets location_public=false).
"""
from __future__ import annotations

import re
import unicodedata

MOBILE = re.compile(r"0[789]0[-\s]?\d{4}[-\s]?\d{4}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# 桜山2-3-4, 3丁目5番地, 5番12号: numbers past the town name.
BLOCK_ADDRESS = re.compile(r"\d+\s*(番地|番|-\s*\d+)|丁目\s*\d+")
HONORIFIC = re.compile(r"[一-龥ァ-ヶ]{1,6}\s*(さん|様|さま|氏)")
GROUP_WORDS = re.compile(r"会|協議|クラブ|グループ|団体|法人|市|町|区|社協|センター|ボランティア|委員|サークル|組合|NPO|教会|寺|学校|施設|事務局|ホーム")
PLAIN_NAME = re.compile(r"^[一-龥]{1,4}\s?[一-龥ぁ-んァ-ヶ]{1,4}$")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def screen(kind: str, values: dict) -> list[list[str]]:
    """[[field, message]] for the reviewer."""
    flags: list[list[str]] = []
    for name, raw in values.items():
        if name == "contact" or not raw:
            continue  # the sender's own contact is for the reviewer and never published
        text = _norm(raw)
        if MOBILE.search(text):
            flags.append([name, "携帯電話の番号のようです（個人の番号なら載せないでください）"])
        if EMAIL.search(text):
            flags.append([name, "メールアドレスのようです（個人のものなら載せないでください）"])
        if HONORIFIC.search(text):
            flags.append([name, "個人のお名前（〇〇さん・様）が書かれているようです"])
    if kind == "new":
        private = values.get("place_type") == "home"
        for name in ("place", "town"):
            if private and BLOCK_ADDRESS.search(_norm(values.get(name, ""))):
                flags.append([name, "個人のお宅の番地のようです。町名だけを公開します"])
        who = _norm(values.get("organiser", "")).strip()
        if who and not GROUP_WORDS.search(who) and PLAIN_NAME.match(who):
            flags.append(["organiser", "団体ではなく個人のお名前のようです"])
    return flags
