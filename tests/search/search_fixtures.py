"""Tiny fixture directory for the search tests: real Resource objects (indexed by conftest.py)."""
from __future__ import annotations

from pathlib import Path

from tsunagu.data.model import Resource

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def R(id, city, kind, name, kana="", cats=(), targets=(), district="", **kw) -> Resource:
    return Resource(id=id, city=city, kind=kind, name=name, name_kana=kana, categories=tuple(cats),
                    targets=tuple(targets), district=district, **kw)


FIXTURE = [
    R("z-kame", "zushi", "salon", "憩いの場 亀が岡喫茶室", "いこいのば かめがおかきっさしつ",
      ["地域交流", "お楽しみ"], ["高齢者"], "zushi", venue_text="亀が岡団地集会所", lat=35.29, lon=139.58,
      precision="facility"),
    R("z-sakura", "zushi", "salon", "サロン桜山", "さろんさくらやま", ["地域交流"], ["高齢者"], "sakurayama",
      venue_text="桜山会館"),
    R("z-shinjuku", "zushi", "salon", "ふれあいサロン新宿", "ふれあいさろんしんじゅく", ["地域交流"], ["高齢者"],
      "shinjuku"),
    R("z-mahjong", "zushi", "salon", "東逗子会館インターネットと麻雀の会",
      "ひがしずしかいかん いんたーねっととまーじゃんのかい", ["お楽しみ"], ["高齢者"], "numama"),
    R("z-pole", "zushi", "program", "逗子地区ポールウォーキング", "ずしちくぽーるうぉーきんぐ",
      ["体操", "健康づくり"], ["どなたでも"], "zushi"),
    R("z-shokudo", "zushi", "salon", "ずし子ども0円食堂", "ずしこどもぜろえんしょくどう",
      ["食の支援", "子育て・子ども"], ["子ども・若者"], "zushi"),
    R("z-houkatsu", "zushi", "consultation_desk", "逗子市中部地域包括支援センター",
      "ずししちゅうぶちいきほうかつしえんせんたー", ["総合相談", "高齢・介護"], ["高齢者", "介護する人"], "zushi",
      needs=("高齢", "障がい", "子育て", "生活困窮", "権利擁護", "ひきこもり", "ケアラー"),
      lat=35.3, lon=139.58, precision="facility", location_public=False),
    R("z-orange", "zushi", "salon", "おれんじカフェずし", "おれんじかふぇずし", ["認知症"], ["介護する人"], "zushi"),
    R("z-igo", "zushi", "salon", "囲碁と将棋の会", "いごとしょうぎのかい", ["お楽しみ"], ["高齢者"], "kotsubo"),
    R("z-kaigo", "zushi", "consultation_desk", "介護なんでも相談", "かいごなんでもそうだん", ["高齢・介護"],
      ["介護する人"], "kotsubo", needs=("高齢", "ケアラー")),
    R("z-taiso", "zushi", "program", "いきいき体操教室", "いきいきたいそうきょうしつ", ["体操", "介護予防"],
      ["高齢者"], "ikego"),
    R("z-syakyo", "zushi", "support_service", "逗子市社会福祉協議会 ボランティアセンター",
      "ずししゃかいふくしきょうぎかい ぼらんてぃあせんたー", ["ボランティア"], ["どなたでも"], "zushi"),
    # another city with a same-named salon: city scope must keep them apart
    R("k-sakura", "kamakura", "salon", "サロン桜山", "さろんさくらやま", ["地域交流"], ["高齢者"], "kamakura"),
    R("k-igo", "kamakura", "salon", "囲碁クラブ", "いごくらぶ", ["お楽しみ"], ["高齢者"], "kamakura"),
]
# 30 more Zushi salons so that pagination has something to page through
FIXTURE += [R(f"z-extra{i:02d}", "zushi", "salon", f"地域サロン第{i}班", f"ちいきさろんだい{i}はん", ["地域交流"],
              ["多世代"], "hisagi") for i in range(30)]

BY_ID = {r.id: r for r in FIXTURE}
