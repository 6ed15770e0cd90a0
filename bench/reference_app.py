"""The reference page of bench/bench_http.py (issue 25.5): the least a FastAPI + Jinja2 page costs on this stack.

One async route rendering a base layout, a form and a list of 20 items from a Jinja2 template, gzipped
(Starlette's GZipMiddleware, as large as a small real page), no data work; and /healthz so the benchmark's
server helper can tell it is up. Served by uvicorn, one worker, no access log, like `tsunagu serve`:
`python bench/reference_app.py --port N`.
"""
from __future__ import annotations

import argparse

import uvicorn
from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, PlainTextResponse
from jinja2 import DictLoader, Environment, select_autoescape

TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %}</title><link rel="stylesheet" href="/static/site.css"></head>
<body><a class="skip" href="#main">本文へ移動</a>
<header><p class="site-name"><a href="/">つなぐ</a></p><nav aria-label="パンくず"><ol><li><a href="/">トップ</a></li>
<li aria-current="page">{{ heading }}</li></ol></nav></header>
<main id="main">{% block content %}{% endblock %}</main>
<footer><ul><li><a href="/about/accessibility">アクセシビリティ方針</a></li><li><a href="/about/data">データの出典</a></li>
<li><a href="/about/privacy">プライバシー</a></li></ul></footer></body></html>""",
    "page.html": """{% extends "base.html" %}{% block title %}{{ heading }}{% endblock %}
{% block content %}<h1>{{ heading }}</h1>
<form action="/reference" method="get"><div class="field"><label for="q">さがしたいことば</label>
<p class="hint" id="q-hint">例: サロン、体操、こども食堂、相談</p>
<input id="q" name="q" type="text" value="{{ q }}" aria-describedby="q-hint"></div>
<button class="button" type="submit">さがす</button></form>
<h2 id="list-heading">一覧（{{ items | length }}件）</h2>
<ol class="results" aria-labelledby="list-heading">{% for it in items %}
<li class="result"><h3><a href="/items/{{ it.id }}">{{ it.name }}</a></h3>
<p class="meta">{{ it.kind }}・{{ it.place }}</p><p>{{ it.description }}</p></li>{% endfor %}</ol>
{% endblock %}""",
}
ITEMS = tuple({"id": f"item-{i:02d}", "name": f"ふれあいサロン {i}", "kind": "サロン・通いの場",
               "place": f"町内会館 {i}", "description": "体操とおしゃべりの集まりです。どなたでも参加できます。"}
              for i in range(1, 21))


def create_app() -> FastAPI:
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    page = env.get_template("page.html")
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(GZipMiddleware, minimum_size=500)

    @app.get("/reference", response_class=HTMLResponse)
    async def reference(request: Request, q: str = "") -> HTMLResponse:
        return HTMLResponse(page.render(heading="参照ページ", q=q, items=ITEMS))

    @app.get("/healthz", response_class=PlainTextResponse)
    async def healthz() -> str:
        return "ok"

    return app


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    uvicorn.run(create_app(), host="127.0.0.1", port=args.port, workers=1, log_level="warning",
                access_log=False, proxy_headers=False)
