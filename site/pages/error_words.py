"""The error page's words (issue 30.1): the titles and details the app and the routes give `error.html`.

They are written where the error is raised (site/app.py, site/state.py, site/routes/*), in Japanese, as
plain strings; error.html says them with `tr`. They are listed here for the catalogs, and
tests/i18n/test_error_words.py reads every `HTTPException(detail="…")` of the public site and the app's
titles, so one added without an entry fails the test rather than showing Japanese on an English page.
"""
from __future__ import annotations

from .i18n import N_

ERROR_WORDS = (
    # site/app.py: the titles and the fixed details
    N_("ページが見つかりません"), N_("表示できません"), N_("入力の形が正しくありません"), N_("URL の値を確かめてください"),
    N_("サーバーで問題が起きました"), N_("時間をおいてもう一度お試しください。"),
    # Starlette's own details (an unknown address, a method the route has not)
    N_("Not Found"), N_("Method Not Allowed"),
    # the routes' details
    N_("その市はまだ載っていません"), N_("この市の地区のガイドはまだ作られていません"), N_("その地区は見つかりません"),
    N_("この地区の PDF はまだ作られていません"), N_("この地区のガイドはまだ作られていません"), N_("その情報は見つかりません"),
    N_("この情報の日時は曜日・時刻として読み取れないため、カレンダーのファイルはありません"), N_("その地図の層はありません"),
)
