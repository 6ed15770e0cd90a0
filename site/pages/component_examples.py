"""One or more examples per component macro (GOV.UK Frontend's model: macro + parameters + examples +
tests): the parameters a page passes, and what a person must find in the result.

`tests/web/test_components.py` renders every example with the app's own template environment; a new
macro gets its examples here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from tsunagu.geo.answers import DeskAnswer, DeskStatus, ParsedAddressOut

from .reading import DEFAULT, Reading, language_links
from .views import FieldError, Pager


@dataclass(frozen=True)
class Example:
    template: str  # the macros file
    macro: str
    name: str  # what the example shows
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    shows: tuple[str, ...] = ()  # markup or text the rendered HTML must contain
    hides: tuple[str, ...] = ()  # …and must not


def _desk(**kw: Any) -> SimpleNamespace:
    base = {"id": "zushi-desk-x", "url": "/zushi/resources/zushi-desk-x", "name": "逗子市東部地域包括支援センター",
            "phone": "046-000-0000", "phone_tel": "0460000000", "address": "逗子市桜山1-2-3", "place": ""}
    return SimpleNamespace(**(base | kw))


_PARSED = ParsedAddressOut(pref=None, city=None, town="新宿", chome=4, ban=None, go=None, building=None)


def _answer(status: DeskStatus, **kw: Any) -> DeskAnswer:
    return DeskAnswer(status=status, input="新宿4丁目", normalized="逗子市新宿4丁目", parsed=_PARSED, desk=None,
                      candidates=[], also=[], reason=kw.pop("reason", ""), hint=kw.pop("hint", ""),
                      message=kw.pop("message", ""), **kw)


def _desk_view(answer: DeskAnswer, **kw: Any) -> SimpleNamespace:
    base = {"answer": answer, "city_slug": "zushi", "city_name": "逗子市", "address": "新宿4丁目", "need": "",
            "desk": None, "candidates": [], "also": [], "fallback": [], "other_city": "", "other_city_slug": ""}
    return SimpleNamespace(**(base | kw))


UI = "macros/components.html"
STAFF = "staff/macros.html"
DESK = "macros/desk.html"

EXAMPLES: tuple[Example, ...] = (
    Example(UI, "language_switch", "each language named in its own words; the current one is not a link",
            (language_links("/zushi/search", "q=サロン", DEFAULT),),
            shows=('<span aria-current="true" lang="ja">日本語</span>', 'lang="en" hreflang="en">English</a>',
                   'hreflang="ja-x-easy">やさしい にほんご</a>', "q=%E3%82%B5%E3%83%AD%E3%83%B3&amp;lang=en")),
    Example(UI, "language_switch", "in English, Japanese is a link back", (language_links("/", "", Reading("en", False)),),
            shows=('href="/?lang=ja"', '<span aria-current="true" lang="en">English</span>')),
    Example(UI, "japanese_only", "says nothing on a Japanese page", hides=("notice",)),
    Example(UI, "error_summary", "each error links to its field", ([FieldError("address", "住所を入力してください")],),
            shows=('role="alert"', '<a href="#address">住所を入力してください</a>')),
    Example(UI, "text_field", "a label and a hint read with the box", ("q", "q", "さがしたいことば"),
            {"hint": "例: サロン"}, shows=('<label for="q">さがしたいことば</label>', 'aria-describedby="q-hint"'),
            hides=("aria-invalid",)),
    Example(UI, "text_field", "an error said next to the box and read with it", ("address", "address", "住所"),
            {"hint": "例: 新宿4丁目", "error": "町名から入力してください"},
            shows=('aria-describedby="address-hint address-error"', 'aria-invalid="true"', "町名から入力してください")),
    Example(UI, "select_field", "the chosen option is selected", ("need", "need", "困りごと", [("", "特に決めていない"), ("高齢", "高齢・介護")], "高齢"),
            shows=('<option value="高齢" selected>高齢・介護</option>',)),
    Example(UI, "desk_card", "a desk with its phone as a link to call", (_desk(),),
            shows=('<a href="tel:0460000000">046-000-0000</a>', "逗子市桜山1-2-3"), hides=("まだ登録されていません",)),
    Example(UI, "desk_card", "a desk with no contact says so and asks for it", (_desk(phone="", phone_tel="", address=""),),
            shows=("まだ登録されていません", 'href="/zushi/resources/zushi-desk-x/suggest"'), hides=("tel:",)),
    Example(UI, "pagination", "previous and next with the current page", (Pager(2, 3, 50, "/zushi/search?page=1", "/zushi/search?page=3"),),
            shows=('rel="prev"', 'rel="next"', '<span aria-current="page">2 / 3 ページ</span>')),
    Example(UI, "pagination", "one page shows no page links", (Pager(1, 1, 5, None, None),), hides=("<nav",)),
    Example(UI, "schedule_block", "a schedule that stays text is shown as written",
            (SimpleNamespace(status="text", source="月に1回（日程は要問合せ）", description="", unparsed=[], may_change="",
                             ics_url="", next_label="", dates=[]),),
            shows=("<p>月に1回（日程は要問合せ）</p>",), hides=("<time",)),
    Example(DESK, "desk_answer", "matched: the desk, its card and the reason",
            (_desk_view(_answer("matched", reason="新宿4丁目2番は東部の担当区域です。"), desk=_desk()),),
            shows=("担当の窓口: 逗子市東部地域包括支援センター", "この窓口になる理由:", "新宿4丁目2番は東部の担当区域です。",
                   "/zushi/sheet?address=")),
    Example(DESK, "desk_answer", "ambiguous: every candidate and what decides between them",
            (_desk_view(_answer("ambiguous", reason="番によって担当が分かれます。", hint="番"),
                        candidates=[_desk(), _desk(id="zushi-desk-y", name="逗子市西部地域包括支援センター",
                                                   url="/zushi/resources/zushi-desk-y")]),),
            shows=("番地によって担当の窓口が分かれます", "候補の窓口（2か所）", "逗子市西部地域包括支援センター", "番まで入力してください")),
    Example(DESK, "desk_answer", "out of area: a link to the finder of the city it is in",
            (_desk_view(_answer("out_of_area", reason="「鎌倉市」の住所です。", other_city="鎌倉市", other_city_slug="kamakura"),
                        other_city="鎌倉市", other_city_slug="kamakura"),),
            shows=("逗子市の住所ではないようです", 'href="/kamakura/desk?address='), hides=("/zushi/sheet",)),
    Example(UI, "precision_note", "how exact a point is, in words", (SimpleNamespace(precision="town", precision_label="町丁目の代表点（正確な場所ではありません）"),),
            shows=("位置の精度: 町丁目の代表点（正確な場所ではありません）",)),
    Example(UI, "city_contacts", "a city with no registered phone says so instead of promising one",
            ([SimpleNamespace(slug="kamakura", name="鎌倉市", desks=[_desk(name="くらしと福祉の相談窓口", phone="")],
                              split_by_address=False, any_phone=False)],),
            shows=("くらしと福祉の相談窓口", "電話番号はまだ登録されていません"), hides=("電話番号も載っています",)),
    Example(UI, "city_contacts", "desks split by address point to the desk finder",
            ([SimpleNamespace(slug="zushi", name="逗子市", desks=[_desk(), _desk()], split_by_address=True,
                              any_phone=True)],),
            shows=('href="/zushi/desk"', "2か所", "電話番号も載っています")),
    Example(UI, "task_links", "the three tasks of a city", (SimpleNamespace(slug="kamakura"),),
            shows=('href="/kamakura/near"', 'href="/kamakura/desk"', 'href="/kamakura/areas/"')),
    Example(STAFF, "csrf_field", "the form's one-time token, hidden", ("tok123",),
            shows=('<input type="hidden" name="csrf_token" value="tok123">',)),
    Example(STAFF, "textarea_field", "an error read with the text area", ("note", "note", "メモ"), {"error": "長すぎます"},
            shows=('aria-describedby="note-error"', 'aria-invalid="true"')),
    Example(STAFF, "checkbox_group", "several answers checked, the legend names the group",
            ("categories", "categories", "分野", [("体操", "体操"), ("会食", "会食"), ("居場所", "居場所")]),
            {"selected": ["体操", "居場所"], "shown": "categories_shown"},
            shows=("<legend>分野</legend>", 'value="体操" checked', 'value="居場所" checked',
                   'name="categories_shown" value="1"'), hides=('value="会食" checked',)),
    Example(STAFF, "checkbox_group", "an error said in the group and read with it",
            ("categories", "categories", "分野", [("体操", "体操")]), {"error": "1つ以上えらんでください"},
            shows=('aria-describedby="categories-error"', "1つ以上えらんでください")),
    Example(STAFF, "radio_field", "a fieldset with its legend and the chosen value checked",
            ("public", "location_public", "場所の公開", [("true", "公開する"), ("false", "公開しない")], "false"),
            shows=("<legend>場所の公開</legend>", 'value="false" checked')),
)
