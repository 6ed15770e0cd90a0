"""ふりがな on a public page when its reading asks for it (issue 30.4: `?ruby=1`, やさしい日本語 by default).

Called by the reading middleware (http/reading.py) on the finished page, before it is packed: only the
`<body>` gets ruby, and only between tags (search/furigana_page.py says why it is done on the page and
not in Jinja). The readings are the served build's, for the page's city (the first path segment):
records' `name_kana`, the town tables' kana, the districts' (search/known_readings.py); they are made
once per build and city, and each text run's ruby is cached with them, so a second page costs little.
"""
from __future__ import annotations

import re

from tsunagu.search.furigana_page import ruby_page
from tsunagu.search.known_readings import furigana_for

_BODY = re.compile(rb"<body\b[^>]*>(.*)</body>", re.S)


def ruby_body(body: bytes, scope) -> bytes:
    """The page with ruby in its body; unchanged when there is no served build or no <body>."""
    state = scope.get("state", {}).get("tsunagu")
    m = _BODY.search(body)
    if state is None or m is None:
        return body
    slug = scope["path"].strip("/").split("/", 1)[0]
    furigana = furigana_for(state.catalog, slug or None)
    inner = str(ruby_page(m.group(1).decode("utf-8"), furigana)).encode("utf-8")
    return body[:m.start(1)] + inner + body[m.end(1):]
