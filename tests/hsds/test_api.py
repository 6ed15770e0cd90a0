"""The HSDS feed as another directory's client meets it: every answer of every city valid against Open Referral's
official schemas (Draft 2020-12, formats checked), every record there once, the privacy rule kept, sources
never dropped, and bad input answered in the /api/v1 error model, never a 5xx."""
from __future__ import annotations

import pytest

from tsunagu.hsds.schemas import page_validator, validator

pytestmark = pytest.mark.bundled_data

CITIES = ("zushi", "kamakura", "nagano", "shimonoseki")
LISTS = {"services": "service_list.json", "organizations": "organization_list.json",
         "service_at_locations": "service_at_location_list.json", "taxonomy_terms": "taxonomy_term.json",
         "taxonomies": "taxonomy.json"}


def problems(schema: str, doc: dict) -> list[str]:
    return [f"{schema} {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(schema).iter_errors(doc)]


def all_pages(client, city: str, what: str) -> list[dict]:
    pages, n = [], 1
    while True:
        r = client.get(f"/api/hsds/{city}/{what}", params={"page": n, "per_page": 100})
        assert r.status_code == 200, r.text
        pages.append(r.json())
        if r.json()["last_page"]:
            return pages
        n += 1


@pytest.mark.parametrize("city", CITIES)
def test_every_answer_of_the_city_is_valid_hsds(client, city):
    checked, errors = 0, []
    root = client.get(f"/api/hsds/{city}/").json()
    assert root["version"] == "3.1" and root["profile"].endswith("/about/hsds")
    assert client.get(root["profile"].removeprefix("http://testserver")).status_code == 200
    for what, schema in LISTS.items():
        for page in all_pages(client, city, what):
            errors += [str(e.message) for e in page_validator().iter_errors(page)]
            checked += 1
            for item in page["contents"]:
                errors += problems(schema, item)
                checked += 1
                if what in ("services", "organizations"):
                    full = client.get(f"/api/hsds/{city}/{what}/{item['id']}")
                    assert full.status_code == 200, full.text
                    errors += problems("service.json" if what == "services" else "organization.json", full.json())
                    checked += 1
    print(f"\nHSDS {city}: {checked} documents validated, {len(errors)} invalid")
    assert not errors, errors[:10]
    assert checked > 20


def test_every_record_is_a_service_or_a_location(client, app):
    catalog = app.state.holder.current.catalog
    for city in CITIES:
        services = [s for page in all_pages(client, city, "services") for s in page["contents"]]
        records = catalog.in_city(city)
        assert sorted(s["tsunagu_id"] for s in services) == sorted(r.id for r in records if r.kind != "facility")
        assert len({s["id"] for s in services}) == len(services)  # one HSDS id per record
        facilities = set()
        for page in all_pages(client, city, "organizations"):
            for org in page["contents"]:
                places = client.get(f"/api/hsds/{city}/organizations/{org['id']}").json()["locations"]
                facilities |= {loc["tsunagu_id"] for loc in places if "tsunagu_id" in loc}
        assert facilities == {r.id for r in records if r.kind == "facility"}


def test_a_private_home_gives_its_town_and_nothing_finer(client, app):
    catalog = app.state.holder.current.catalog
    homes = [r for r in catalog.resources.values() if not r.location_public]
    assert homes, "the bundled data has a salon in a private home"
    for r in homes:
        body = client.get(f"/api/hsds/{r.city}/services/{r.id}")
        text = body.text
        (place,) = [sal["location"] for sal in body.json()["service_at_locations"]]
        assert place["tsunagu_private_home"] is True and place["tsunagu_town"] == r.town
        assert place["addresses"] == [] and "latitude" not in place and "longitude" not in place
        assert r.lat is not None and str(r.lat) not in text and str(r.lon) not in text


def test_a_point_is_given_only_where_it_is_the_place_itself(client):
    for city in CITIES:
        for page in all_pages(client, city, "service_at_locations"):
            for sal in page["contents"]:
                loc = sal["location"]
                if "latitude" in loc:
                    assert loc["tsunagu_location_precision"] in ("facility", "block")
                if loc["tsunagu_location_precision"] in ("town", "city", "none"):
                    assert "latitude" not in loc


def test_sources_and_verification_travel_with_every_service(client, app):
    catalog = app.state.holder.current.catalog
    for r in catalog.in_city("zushi"):
        if r.kind == "facility":
            continue
        s = client.get(f"/api/hsds/zushi/services/{r.id}").json()
        assert [src["label"] for src in s["tsunagu_sources"]] == [src.label(catalog.plans) for src in r.source]
        assert s.get("assured_date") == (r.last_verified or None)
        assert s["tsunagu_page"] == f"/zushi/resources/{r.id}"


def test_a_desk_covering_part_of_the_city_says_which_towns(client, app):
    state = app.state.holder.current
    desks = [r for r in state.catalog.desks("zushi") if r.area and r.area != "city"]
    assert desks
    for desk in desks:
        area = state.geo.rules["zushi"].area(desk.area)
        (served,) = client.get(f"/api/hsds/zushi/services/{desk.id}").json()["service_areas"]
        assert served["name"] == area.name and area.printed_text in served["description"]
        assert all(rule.words() in served["description"] for rule in area.rules)


def test_paging_fields_add_up(client):
    first = client.get("/api/hsds/zushi/services", params={"per_page": 30}).json()
    pages = [first] + [client.get("/api/hsds/zushi/services", params={"per_page": 30, "page": n}).json()
                       for n in range(2, first["total_pages"] + 1)]
    assert first["first_page"] and not first["last_page"] and first["size"] == 30
    assert pages[-1]["last_page"] and sum(p["size"] for p in pages) == first["total_items"]
    past = client.get("/api/hsds/zushi/services", params={"page": first["total_pages"] + 1}).json()
    assert past["empty"] and past["contents"] == [] and past["size"] == 0


def test_search_words_fold_width_and_kana(client):
    found = client.get("/api/hsds/zushi/services", params={"q": "ｻﾛﾝ", "per_page": 100}).json()
    assert found["total_items"] > 0
    assert all("サロン" in s["name"] + s.get("description", "") + s.get("tsunagu_name_kana", "")
               or "さろん" in s.get("tsunagu_name_kana", "") for s in found["contents"])


@pytest.mark.parametrize(("url", "status", "field"), [
    ("/api/hsds/osaka/services", 404, "city"),
    ("/api/hsds/zushi/services/00000000-0000-0000-0000-000000000000", 404, "service_id"),
    ("/api/hsds/zushi/organizations/nope", 404, "organization_id"),
    ("/api/hsds/zushi/services?page=0", 422, "page"),
    ("/api/hsds/zushi/services?per_page=10000", 422, "per_page"),
    ("/api/hsds/zushi/services?page=abc", 422, "page"),
    ("/api/hsds/zushi/services?per_page=1e3", 422, "per_page"),
    ("/api/hsds/zushi/services?modified_after=yesterday", 422, "modified_after"),
    ("/api/hsds/zushi/taxonomy_terms?page=-1", 422, "page"),
    ("/api/hsds/zushi/services/" + "x" * 500, 422, "service_id"),
])
def test_bad_input_gets_the_api_error_model(client, url, status, field):
    r = client.get(url)
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["field"] == field and error["message"] and error["code"]


def test_openapi_lists_the_hsds_routes_with_their_models(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/hsds/{city}/", "/api/hsds/{city}/services", "/api/hsds/{city}/services/{service_id}",
                 "/api/hsds/{city}/organizations", "/api/hsds/{city}/service_at_locations",
                 "/api/hsds/{city}/taxonomies", "/api/hsds/{city}/taxonomy_terms"):
        ok = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in ok, path
    assert {"ServicePage", "Service", "OrganizationPage", "ServiceAtLocationPage"} <= set(spec["components"]["schemas"])


def test_the_validator_refuses_what_hsds_refuses():
    """The check above is only worth its zero if it can fail: a non-UUID id, an unknown status and a DAILY
    schedule are each an error under the vendored schemas (formats checked)."""
    bad = {"id": "zushi-salon-04", "name": "x", "status": "open",
           "schedules": [{"id": "00000000-0000-0000-0000-000000000000", "freq": "DAILY"}]}
    assert len(problems("service.json", bad)) == 3


def test_only_get_and_head_and_a_405_says_so_in_the_error_model(client):
    assert client.head("/api/hsds/zushi/services").status_code == 200
    r = client.post("/api/hsds/zushi/services")
    assert r.status_code == 405 and "GET" in r.headers["allow"] and r.json()["error"]["code"] == "method_not_allowed"
