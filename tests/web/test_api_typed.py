"""The typed API as a client meets it: /openapi.json documents every answer and error, bad input is a
422 in the one error model with a Japanese message, and the answers are the JSON clients already read."""
from __future__ import annotations

import re
import typing

import pytest

from tsunagu.data.model import KINDS, PRECISIONS, Resource
from tsunagu.geo.desk import STATUSES
from tsunagu.site.api.answers import DeskAnswer, NearAnswer, SearchAnswer
from tsunagu.site.api.errors import ApiError
from tsunagu.site.api.models import CityList, Kind, PointCollection, Precision, ResourceOut
from tsunagu.site.api.params import NearKind
from tsunagu.site.deps import DayCode
from tsunagu.site.pages.schedule_filter import DAYS

pytestmark = pytest.mark.bundled_data

JAPANESE = re.compile(r"[ぁ-んァ-ン一-龥]")
CITY_ROUTES = ["/api/v1/{city}/desk", "/api/v1/{city}/near", "/api/v1/{city}/search",
               "/api/v1/{city}/resources.geojson", "/api/v1/{city}/resources/{resource_id}"]
WITH_400 = {"/api/v1/{city}/desk", "/api/v1/{city}/near"}


@pytest.fixture(scope="module")
def spec(client):
    return client.get("/openapi.json").json()


@pytest.fixture(scope="module")
def state(app, client):
    return app.state.holder.current


def ref_name(response: dict) -> str:
    return response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def assert_api_error(response, status: int, field: str | None):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = ApiError.model_validate(response.json())
    assert set(response.json()) == {"error"}
    assert JAPANESE.search(body.error.message), body.error.message
    assert body.error.field == field
    return body.error


# ---------------------------------------------------------------- what /openapi.json declares

@pytest.mark.parametrize("path", CITY_ROUTES)
def test_every_route_declares_its_answer_model_and_its_errors(spec, path):
    responses = spec["paths"][path]["get"]["responses"]
    schema = spec["components"]["schemas"][ref_name(responses["200"])]
    assert schema["properties"], f"{path}: the 200 answer has no documented fields"
    expected = {"200", "404", "422"} | ({"400"} if path in WITH_400 else set())
    assert set(responses) == expected
    for status in expected - {"200"}:
        assert ref_name(responses[status]) == "ApiError", (path, status)
    assert "HTTPValidationError" not in spec["components"]["schemas"]  # FastAPI's own 422 shape is not used


def test_the_error_model_is_documented(spec):
    schemas = spec["components"]["schemas"]
    detail = schemas["ErrorDetail"]
    assert set(detail["required"]) == {"code", "message"}
    assert {"code", "message", "field", "details"} <= set(detail["properties"])
    assert schemas["ApiError"]["required"] == ["error"]


def test_the_schemas_show_ambiguity_precision_schedules_and_interpretation(spec):
    schemas = spec["components"]["schemas"]
    desk = schemas["DeskAnswer"]["properties"]
    assert set(desk["status"]["enum"]) == set(STATUSES)
    assert desk["candidates"]["items"]["$ref"].endswith("/DeskRef") and "reason" in desk
    assert set(schemas["NearOrigin"]["properties"]["precision"]["enum"]) == set(PRECISIONS)
    assert "precision" in schemas["NearRow"]["required"] and "precision" in schemas["SearchRow"]["required"]
    assert schemas["SearchAnswer"]["properties"]["interpreted"]["$ref"].endswith("/Interpreted")
    assert {"needs", "understood", "district", "place", "words"} <= set(schemas["Interpreted"]["properties"])
    assert schemas["SearchRow"]["properties"]["next_dates"]["items"]["$ref"].endswith("/NextDate")
    assert {"schedule_structured", "next_dates"} <= set(schemas["ResourceOut"]["required"])
    assert set(schemas["ScheduleStructured"]["properties"]["status"]["enum"]) == {"parsed", "partial", "text"}


def test_query_parameters_are_typed_with_their_limits(spec):
    def params(path):
        return {p["name"]: p["schema"] for p in spec["paths"][path]["get"]["parameters"]}
    near, search, desk = params(CITY_ROUTES[1]), params(CITY_ROUTES[2]), params(CITY_ROUTES[0])
    assert near["limit"] == {"type": "integer", "maximum": 50, "minimum": 1, "default": 5, "title": "Limit",
                             "description": "件数"}
    assert {"minimum": -90, "maximum": 90, "type": "number"}.items() <= near["lat"]["anyOf"][0].items()
    assert near["day"]["anyOf"][0]["enum"] == [code for code, _ in DAYS]
    assert search["kind"]["anyOf"][0]["enum"] == list(KINDS)
    assert search["page"]["minimum"] == 1 and search["place"]["enum"] == ["on", "off"]
    assert desk["address"]["maxLength"] == 200 and search["q"]["maxLength"] == 2000


def test_the_model_literals_follow_the_data_model():
    assert typing.get_args(Kind) == KINDS
    assert typing.get_args(typing.get_args(NearKind)[0]) == (*KINDS, "all")
    assert typing.get_args(Precision) == PRECISIONS
    assert typing.get_args(DayCode) == tuple(code for code, _ in DAYS)
    assert typing.get_args(DeskAnswer.model_fields["status"].annotation) == STATUSES


def test_the_resource_model_carries_every_public_field():
    public = set(Resource.__dataclass_fields__) - {"origin"}
    assert set(ResourceOut.model_fields) == public | {"schedule_structured", "next_dates"}


# ---------------------------------------------------------------- errors, as the client gets them

@pytest.mark.parametrize("path, params, field", [
    ("/api/v1/zushi/near", {"address": "逗子5丁目", "limit": "0"}, "limit"),
    ("/api/v1/zushi/near", {"address": "逗子5丁目", "limit": "たくさん"}, "limit"),
    ("/api/v1/zushi/near", {"address": "逗子5丁目", "day": "木"}, "day"),
    ("/api/v1/zushi/near", {"lat": "91", "lon": "139.58"}, "lat"),
    ("/api/v1/zushi/near", {"lat": "北", "lon": "139.58"}, "lat"),
    ("/api/v1/zushi/near", {"station": "東逗子", "kind": "shop"}, "kind"),
    ("/api/v1/zushi/search", {"q": "サロン", "page": "0"}, "page"),
    ("/api/v1/zushi/search", {"q": "サロン", "ampm": "夜"}, "ampm"),
    ("/api/v1/zushi/search", {"q": "サロン", "place": "maybe"}, "place"),
    ("/api/v1/zushi/search", {"q": "あ" * 2001}, "q"),
    ("/api/v1/zushi/desk", {"address": "あ" * 2000}, "address"),
])
def test_a_bad_parameter_is_a_422_in_the_error_model(client, path, params, field):
    error = assert_api_error(client.get(path, params=params), 422, field)
    assert error.code == "invalid_parameter"
    assert f"（{field}）" in error.message  # names the parameter to fix
    assert error.details and error.details[0].field == field


def test_every_bad_parameter_is_listed(client):
    response = client.get("/api/v1/zushi/near", params={"limit": "99", "day": "x"})
    error = assert_api_error(response, 422, response.json()["error"].get("field"))
    messages = {d.field: d.message for d in error.details or []}
    assert set(messages) == {"limit", "day"} and error.message == messages[error.field or ""]
    assert "50 以下" in messages["limit"] and "mo, tu" in messages["day"]


@pytest.mark.parametrize("path", [p.replace("{resource_id}", "x") for p in CITY_ROUTES])
def test_an_unknown_city_is_a_404_that_lists_the_cities(client, path):
    error = assert_api_error(client.get(path.replace("{city}", "tokyo")), 404, "city")
    assert error.code == "not_found" and "zushi" in error.message and "tokyo" in error.message


def test_unknown_record_bad_need_and_half_a_point(client):
    assert assert_api_error(client.get("/api/v1/zushi/resources/nope"), 404, "resource_id").code == "not_found"
    need = assert_api_error(client.get("/api/v1/zushi/desk", params={"address": "逗子5丁目", "need": "占い"}), 400, "need")
    assert need.code == "bad_request" and "子育て" in need.message
    assert assert_api_error(client.get("/api/v1/zushi/near", params={"lat": "35.3"}), 400, "lon")


def test_other_api_errors_use_the_model_and_pages_keep_their_pages(client):
    missing = client.get("/api/v1/zushi/no/such")
    assert_api_error(missing, 404, None)
    post = client.post("/api/v1/zushi/search")
    assert assert_api_error(post, 405, None).code == "method_not_allowed" and "GET" in post.headers["allow"]
    page = client.get("/zushi/resources/nope")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


# ---------------------------------------------------------------- answers: valid, and as before

def test_an_ambiguous_desk_answer_carries_both_candidates_and_the_reason(client):
    answer = DeskAnswer.model_validate(client.get("/api/v1/zushi/desk", params={"address": "新宿4丁目2番"}).json())
    assert answer.status == "ambiguous" and answer.desk is None
    assert {c.phone for c in answer.candidates} == {"046-872-2480", "046-876-5451"}
    assert "号" in answer.reason and answer.hint == "号"


@pytest.mark.parametrize("address, need", [("新宿4丁目2番", ""), ("新宿4-2-35", ""), ("鎌倉市御成町18-10", ""),
                                           ("逗子5丁目", "子育て"), ("", ""), ("横浜市中区", "")])
def test_desk_answers_are_the_engine_answer_field_for_field(client, state, address, need):
    body = client.get("/api/v1/zushi/desk", params={"address": address, "need": need}).json()
    resources = list(state.catalog.in_city("zushi"))
    answer = state.geo.lookup_desk("zushi", address, need or None, resources)
    assert isinstance(answer, DeskAnswer), "the engine makes the API's own model: one DeskAnswer"
    assert body == answer.model_dump(mode="json", exclude_unset=True)


def test_near_answers_keep_every_engine_field(client, state):
    for params in ({"address": "逗子5丁目"}, {"station": "東逗子", "kind": "all", "limit": 3},
                   {"lat": "35.2963", "lon": "139.5806"}, {"station": "東京"}):
        body = client.get("/api/v1/zushi/near", params=params).json()
        NearAnswer.model_validate(body)
        engine = state.geo.nearest("zushi", list(state.catalog.in_city("zushi")), address=params.get("address"),
                                   station=params.get("station"), lat=params.get("lat"), lon=params.get("lon"),
                                   kind=params.get("kind", "salon"), limit=params.get("limit", 5))
        assert isinstance(engine, NearAnswer), "the engine makes the API's own model: one NearAnswer"
        engine = engine.model_dump(mode="json", exclude_unset=True)
        assert set(body) == set(engine), params
        assert [{k: r[k] for k in engine["results"][0]} for r in body["results"]] == engine["results"]
        assert all("next_dates" in r for r in body["results"])


def test_search_resource_geojson_and_cities_validate(client, state):
    search = client.get("/api/v1/zushi/search", params={"q": "久木でお茶", "day": "th", "week": "1"}).json()
    SearchAnswer.model_validate(search)
    engine = state.searcher.search("zushi", "久木でお茶").to_json(state.catalog.resources)
    assert set(search) == set(engine)
    desk_id = state.catalog.desks("zushi")[0].id
    record = client.get(f"/api/v1/zushi/resources/{desk_id}").json()
    ResourceOut.model_validate(record)
    assert set(record) == set(state.catalog.resources[desk_id].public_dict()) | {"schedule_structured", "next_dates"}
    fc = PointCollection.model_validate(client.get("/api/v1/zushi/resources.geojson").json())
    assert fc.features and all(f.properties.precision != "none" for f in fc.features)
    cities = CityList.model_validate(client.get("/api/v1/cities").json())
    assert [c.id for c in cities.cities] == list(state.catalog.cities)
    for c in cities.cities:
        assert client.get(f"/api/v1/{c.id}/search", params={"q": "相談"}).status_code == 200
