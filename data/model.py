"""The directory's record types (a simplified Open Referral HSDS 3.x).

One CSV row is one `Resource`: HSDS's organization + service + location are folded
into one row so that a 社協 clerk can keep it in a spreadsheet. `data/README.md`
documents every column.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

KINDS = ("salon", "consultation_desk", "support_service", "program", "facility")
KIND_LABELS = {
    "salon": "サロン・通いの場",
    "consultation_desk": "相談窓口",
    "support_service": "支援サービス",
    "program": "事業・講座",
    "facility": "施設",
}
# How exactly a point is known, best first. `block` (番/街区) is in the model for
# supplied coordinates; the bundled reference data has no block-level points.
PRECISIONS = ("facility", "block", "town", "city", "none")
PRECISION_LABELS = {
    "facility": "施設の位置",
    "block": "街区（番）の位置",
    "town": "町丁目の代表点（正確な場所ではありません）",
    "city": "市の代表点（正確な場所ではありません）",
    "none": "位置情報なし",
}
CERTAINTIES = ("certain", "probable", "uncertain")


@dataclass(frozen=True)
class City:
    slug: str
    code: str  # 6-digit 全国地方公共団体コード (with check digit)
    name: str
    name_kana: str
    pref: str
    districts: tuple[District, ...] = ()
    district_note: str = ""
    desk_examples: tuple[str, ...] = ()  # 「例:」 for the address box of /{city}/desk
    near_examples: tuple[str, ...] = ()  # 「例:」 for /{city}/near

    @property
    def code5(self) -> str:
        return self.code[:5]

    def district(self, district_id: str) -> District | None:
        return next((d for d in self.districts if d.id == district_id), None)

    def examples(self) -> dict[str, str]:
        """A form's 「例:」 in this city's own words: an address and a town of the city (cities.yaml's
        desk and near examples), never another city's. Filled into hints written with {address}/{town}."""
        address = self.desk_examples[0] if self.desk_examples else "〇〇町1-2-3"
        town = self.near_examples[0] if self.near_examples else "〇〇町"
        return {"city": self.name, "address": f"{self.name}{address}", "town": town}


@dataclass(frozen=True)
class District:
    id: str
    name: str
    name_kana: str = ""
    towns: tuple[str, ...] = ()  # town_base names the district is made of, if known
    note: str = ""


@dataclass(frozen=True)
class Source:
    """Where a record came from: a plan file and its lines, or a named supplier."""
    plan: str = ""  # id in data/sources.yaml
    lines: tuple[int, ...] = ()
    supplier: str = ""

    def label(self, plans: dict | None = None) -> str:
        if self.supplier:
            return f"提供: {self.supplier}"
        title = (plans or {}).get(self.plan, {}).get("title", self.plan)
        return f"{title} {format_lines(self.lines)}"


def format_lines(lines: tuple[int, ...]) -> str:
    """(1148, 1149, 1150, 1160) -> '1148〜1150行, 1160行'."""
    if not lines:
        return ""
    runs: list[list[int]] = []
    for n in sorted(set(lines)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"{a}行" if a == b else f"{a}〜{b}行" for a, b in runs)


@dataclass(frozen=True)
class Correction:
    field: str
    as_printed: str
    corrected: str
    certainty: str  # certain | probable | uncertain
    note: str = ""


@dataclass
class Resource:
    id: str
    city: str  # slug
    kind: str
    name: str
    name_kana: str = ""
    categories: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()  # for desks: the needs it answers (高齢, 障がい …)
    district: str = ""  # District.id
    venue: str = ""  # venue id (data/venues) or a GSI facility id `gsi:…`
    venue_text: str = ""  # the venue as the plan or supplier names it
    address: str = ""
    town: str = ""  # 町名 (town_base, optionally with 丁目) when no address is public
    lat: float | None = None
    lon: float | None = None
    precision: str = "none"
    location_public: bool = True
    phone: str = ""
    schedule: str = ""
    operator: str = ""
    description: str = ""
    url: str = ""
    languages: tuple[str, ...] = ()
    accessibility: str = ""
    fee: str = ""  # 費用 (参加費・利用料), as the supplier says it
    how_to_join: str = ""  # 申込方法
    contact_hours: str = ""  # 問い合わせの受付時間
    # The record's own text in other languages, as staff wrote it (never machine-translated): the English
    # pages show them, or say there is none and show the Japanese with its reading.
    name_en: str = ""
    description_en: str = ""
    description_easy: str = ""  # the description in やさしい日本語
    area: str = ""  # desks: area id in data/areas/<city>.yaml, or "city" for city-wide
    status: str = ""
    source: tuple[Source, ...] = ()
    last_verified: str = ""
    notes: str = ""
    corrections: tuple[Correction, ...] = field(default_factory=tuple)
    # filled by the build
    geocode_label: str = ""
    origin: str = ""  # file:row, for messages

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Resource:
        d = dict(d)
        d["source"] = tuple(Source(s["plan"], tuple(s["lines"]), s["supplier"]) for s in d.get("source", ()))
        d["corrections"] = tuple(Correction(**c) for c in d.get("corrections", ()))
        for key in ("categories", "targets", "needs", "languages"):
            d[key] = tuple(d.get(key, ()))
        return cls(**d)

    def public_dict(self) -> dict:
        """The record as the public API shows it: private coordinates left out."""
        d = self.to_dict()
        d.pop("origin", None)
        if not self.location_public:
            d["lat"] = d["lon"] = None
            d["address"] = ""
        return d
