"""`tsunagu city add CODE --slug SLUG` (issue 25.3): a municipality from Japan Post's tables becomes a city."""
from __future__ import annotations

import csv

import pytest
from world import copy_data

from tsunagu.cityadd import CityAddError, add_city
from tsunagu.cli import main
from tsunagu.data.loader import load_cities
from tsunagu.geo.municipalities import check_digit, code5_of

pytestmark = pytest.mark.bundled_data


def test_check_digits_of_the_bundled_cities():
    # the 6-digit codes cities.yaml carries, worked out from their first five digits
    assert [c + check_digit(c) for c in ("14208", "14204", "20201", "35201")] == \
        ["142085", "142042", "202011", "352012"]


@pytest.mark.parametrize(("code", "slug", "name", "kana", "gun"), [
    ("142107", "miura", "三浦市", "みうらし", ""),  # a 市, with its check digit
    ("14301", "hayama", "葉山町", "はやままち", "三浦郡"),  # a 町, 5 digits
    ("205885", "ogawa", "小川村", "おがわむら", "上水内郡"),  # a 村
])
def test_city_add_writes_a_city_with_an_empty_directory(tmp_path, code, slug, name, kana, gun):
    data = copy_data(tmp_path / "data")
    before = (data / "geo/postal_codes_kenall.csv").read_text(encoding="utf-8")
    assert main(["--data-dir", str(data), "city", "add", code, "--slug", slug]) == 0
    city = load_cities(data)[slug]
    assert (city.name, city.name_kana, city.code) == (name, kana, code5_of(code) + check_digit(code[:5]))
    assert [d.id for d in city.districts] == ["all"] and city.districts[0].name == f"{name}全域"
    assert city.near_examples and city.desk_examples  # real towns of the city
    with (data / "resources" / f"{slug}.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1 and rows[0][:4] == ["id", "kind", "name", "name_kana"]  # the header, no record
    areas = (data / "areas" / f"{slug}.yaml").read_text(encoding="utf-8")
    assert "areas: []" in areas and "general_desk: {}" in areas  # one city-wide rule, no desk yet
    added = (data / "geo/postal_codes_kenall.csv").read_text(encoding="utf-8")[len(before):]
    assert added.count("\n") >= 4 and all(f",{code[:5]}," in line for line in added.splitlines())
    if gun:
        assert f"gun: \"{gun}\"" in (data / "cities.yaml").read_text(encoding="utf-8")
    assert main(["--data-dir", str(data), "check"]) == 0


@pytest.mark.parametrize(("code", "slug", "says"), [
    ("99999", "nowhere", "郵便番号データ（日本郵便 KEN_ALL）にありません"),  # no such municipality
    ("143015", "hayama", "検査数字（6けた目）が合いません。14301 の検査数字は 4 です"),
    ("1430", "hayama", "市区町村コードではありません"),
    ("143014", "zushi", "slug「zushi」はもう使われています（逗子市）"),
    ("142085", "zushi2", "逗子市（142085）はもう slug「zushi」で登録されています"),
    ("143014", "Hayama!", "slug「Hayama!」は使えません"),
])
def test_city_add_refuses_in_japanese_and_writes_nothing(tmp_path, capsys, code, slug, says):
    data = copy_data(tmp_path / "data")
    files = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    with pytest.raises(CityAddError, match=says.replace("（", r"\（").replace("）", r"\）")):
        add_city(data, code, slug)
    assert main(["--data-dir", str(data), "city", "add", code, "--slug", slug]) == 2
    assert says in capsys.readouterr().err
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == files
