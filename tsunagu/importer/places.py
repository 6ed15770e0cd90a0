"""The town of an address: what a private home may show (never its 番地), and what gives a salon its 地区."""
from __future__ import annotations

from pathlib import Path

from tsunagu.staff.validation import gazetteer

KANJI = "〇一二三四五六七八九"


def kanji_number(n: int) -> str:
    """4 → 四, 12 → 十二 (丁目 are written in 漢数字 in the town column)."""
    if n < 10:
        return KANJI[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else KANJI[tens]) + "十" + (KANJI[ones] if ones else "")


def town_of_address(data_dir: Path, city: str, address: str) -> str:
    """「新宿4-2-35」 → 新宿四丁目; "" when the town cannot be read in this city."""
    from tsunagu.geo.parse import parse  # lazy: adds 0.3 s to importing this module
    parsed = parse(address, gazetteer(data_dir), city)
    if not parsed.town or (parsed.city_slug and parsed.city_slug != city) or parsed.other_city:
        return ""
    return parsed.town + (f"{kanji_number(parsed.chome)}丁目" if parsed.chome else "")
