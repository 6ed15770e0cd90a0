"""Build the Whoosh index for the directory (called by `tsunagu build`).

One Whoosh index per city (municipality), in `index_dir/<slug>/`, listed in
`index_dir/cities.json`. A city-scoped search opens only that city's index, so its cost
does not grow with the country. (A single national index with a city filter was tried:
Whoosh builds every sub-matcher over the whole index before the filter can skip, and
city-scoped p50 was ~10× slower at 5,000 records.) Searching all cities visits each
city's index in turn: fine for the four bundled cities, slow for 1,700 (see the bench).

Within a city, documents are added in the empty-query order (kind, then reading).

Fields (text fields keep positions: a query word's bigrams must be adjacent, otherwise
いご + かい scattered over いごとしょうぎのかい would match かいご):

  id          ID, stored          the record id (the only stored field)
  city        ID                  city slug, the scope filter
  kind, targets, categories, district   KEYWORD   facet values (also in the column)
  name        bigrams of the name
  name1       unigrams of the name (only for 1-character queries)
  name_yomi   bigrams of the name's reading (`name_kana`, else Sudachi)
  text        bigrams of venue, town, district name, public address, description,
              operator, categories, targets, kind label (one field: every field costs
              a matcher per query word)
  yomi        bigrams of the readings of venue, town and district (Sudachi)
  facets      a per-document column (no index) holding kind/targets/categories/
              district/sort key, read by the searcher for facets, filters and sorting.

Lat/lon are not indexed: the site takes coordinates from the records.

Next to each city's index, `vocab.json` holds the words the "もしかして" suggestion may
offer; `index_dir/vocab.json` holds the national list (synonyms + most common words).

The write is atomic on its own: everything goes into `<index_dir>.tmp-<pid>` and is
renamed into place only when complete; on any failure the temp folder is removed and
the exception re-raised, so `index_dir` never holds half an index.
"""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter, defaultdict
from pathlib import Path

from whoosh import fields, index
from whoosh.columns import VarBytesColumn

from tsunagu.data import reference
from tsunagu.data.model import KIND_LABELS, KINDS, Resource

from .analysis import NgramTokenizer, normalize, reading_key, runs
from .lexicon import COMPILED_FILE as LEXICON_JSON
from .lexicon import compile_lexicon
from .places import PLACES_FILE, compile_places
from .reading import to_reading
from .synonyms import Synonyms

SEP = "\x1f"  # between the parts of the facets column
LIST_SEP = "\x1e"  # between the values of a multi-valued facet
VOCAB_FILE = "vocab.json"
CITIES_FILE = "cities.json"
SYNONYMS_FILE = "synonyms.csv"  # copied from data/ so that serving never reads data/


def make_schema() -> fields.Schema:
    text = {"phrase": True, "stored": False}
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        city=fields.ID(),
        kind=fields.KEYWORD(commas=True, lowercase=False),
        targets=fields.KEYWORD(commas=True, lowercase=False),
        categories=fields.KEYWORD(commas=True, lowercase=False),
        district=fields.KEYWORD(commas=True, lowercase=False),
        needs=fields.KEYWORD(commas=True, lowercase=False),
        name=fields.TEXT(analyzer=NgramTokenizer(), **text),
        name1=fields.TEXT(analyzer=NgramTokenizer(unigrams=True), phrase=False, stored=False),
        name_yomi=fields.TEXT(analyzer=NgramTokenizer(reading=True), **text),
        text=fields.TEXT(analyzer=NgramTokenizer(), **text),
        yomi=fields.TEXT(analyzer=NgramTokenizer(reading=True), **text),
        facets=fields.COLUMN(VarBytesColumn()),
    )


def district_names(data_dir: Path | None) -> dict[tuple[str, str], tuple[str, str]]:
    """(city slug, district id) -> (name, kana) from data/cities.yaml, if there is one."""
    path = Path(data_dir or ".") / "cities.yaml"
    out: dict[tuple[str, str], tuple[str, str]] = {}
    if data_dir is None or not path.exists():
        return out
    for city in reference.load(data_dir).cities or []:  # parsed once per build, shared with data and geo
        for d in city.get("districts", ()) or ():
            out[(city["slug"], d["id"])] = (d.get("name", ""), d.get("name_kana", ""))
    return out


def name_reading(r: Resource) -> str:
    """The name's reading: the hand-checked `name_kana` column first, Sudachi otherwise."""
    return r.name_kana or to_reading(r.name)


def sort_key(r: Resource) -> str:
    """Kind (in the order of model.KINDS), then the name's reading: the empty-query order."""
    kind_rank = KINDS.index(r.kind) if r.kind in KINDS else len(KINDS)
    return f"{kind_rank:02d}{reading_key(name_reading(r))}"


def encode_facets(r: Resource, key: str) -> bytes:
    parts = (r.kind, LIST_SEP.join(r.targets), LIST_SEP.join(r.categories), r.district, key, r.city)
    return SEP.join(p.replace(SEP, " ") for p in parts).encode("utf-8")


def decode_facets(raw: bytes) -> tuple[str, tuple[str, ...], tuple[str, ...], str, str, str]:
    kind, targets, cats, district, key, city = raw.decode("utf-8").split(SEP)
    split = lambda s: tuple(v for v in s.split(LIST_SEP) if v)  # noqa: E731
    return kind, split(targets), split(cats), district, key, city


def document(r: Resource, dnames: dict, key: str | None = None) -> dict:
    dname, dkana = dnames.get((r.city, r.district), ("", ""))
    place = " ".join(p for p in (r.venue_text, r.town, dname, r.address if r.location_public else "") if p)
    body = " ".join([r.description, r.operator, " ".join(r.categories), " ".join(r.targets),
                     KIND_LABELS.get(r.kind, "")])
    # Readings of the short place fields only: a description's reading doubled the
    # postings (and the build time) for matches nobody types in kana.
    yomi = " ".join(p for p in (to_reading(r.venue_text), to_reading(r.town), dkana) if p)
    return {
        "id": r.id, "city": r.city, "kind": r.kind,
        "targets": ",".join(r.targets), "categories": ",".join(r.categories), "district": r.district,
        "needs": ",".join(r.needs),
        "name": r.name, "name1": r.name, "name_yomi": name_reading(r),
        "text": place + " " + body, "yomi": yomi,
        "facets": encode_facets(r, key if key is not None else sort_key(r)),
    }


def vocabulary_words(r: Resource, dnames: dict) -> list[tuple[str, str]]:
    """(surface, reading) pairs the suggestion may propose: name words, place, categories."""
    words: list[tuple[str, str]] = []
    for part in runs(r.name.replace("・", " ")):
        if len(part) >= 2:
            words.append((part, ""))
    if r.name_kana:
        words.append((r.name, r.name_kana))
    dname, dkana = dnames.get((r.city, r.district), ("", ""))
    if dname:
        words.append((dname, dkana))
    if r.town:
        words.append((r.town, ""))
    words += [(c, "") for c in r.categories]
    return words


def _vocab_rows(counter: Counter, readings: dict) -> list:
    rows = []
    for surface, count in counter.most_common():
        rd = readings.get(surface) or to_reading(surface)
        rows.append([surface, normalize(surface), reading_key(rd), count])
    return rows


def _count_words(resources: list[Resource], dnames: dict) -> tuple[Counter, dict]:
    counter: Counter = Counter()
    readings: dict[str, str] = {}
    for r in resources:
        for surface, kana in vocabulary_words(r, dnames):
            counter[surface] += 1
            if kana:
                readings[surface] = kana
    return counter, readings


def build_vocab(resources: list[Resource], dnames: dict) -> list:
    """One city's suggestion words: [[surface, normalised, reading_key, count], ...]."""
    return _vocab_rows(*_count_words(resources, dnames))


NATIONAL_VOCAB_SIZE = 20_000


def build_national_vocab(resources: list[Resource], dnames: dict, synonyms: Synonyms) -> list:
    """Suggestion words for searches over all cities: the synonym table plus the most
    common words of every city (capped, so a nationwide build stays small)."""
    counter, readings = _count_words(resources, dnames)
    counter = Counter(dict(counter.most_common(NATIONAL_VOCAB_SIZE)))
    for term in synonyms.terms():
        counter[term] += 1
    return _vocab_rows(counter, readings)


def city_dir_name(slug: str) -> str:
    """The folder of a city's index: the slug itself when it is a plain name, else hex."""
    if slug and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in slug) and not slug.startswith("-"):
        return slug
    return "x-" + slug.encode("utf-8").hex()


def _write_city(path: Path, resources: list[Resource], dnames: dict, keys: dict) -> None:
    ix = index.create_in(str(path), make_schema())
    # limitmb: postings spooled in memory before sorting; a city is small
    writer = ix.writer(limitmb=64, procs=1)
    try:
        for r in sorted(resources, key=lambda r: (keys[id(r)], r.id)):
            writer.add_document(**document(r, dnames, keys[id(r)]))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def build_index(resources: list[Resource], index_dir: Path, data_dir: Path, cities: set[str] | None = None) -> None:
    """Write a complete index of `resources` to `index_dir` (atomically; see module doc). With `cities`, only
    those cities' folders are made (the build links the others' in from their units); the shared files
    (lexicon, places, the national vocabulary from every city's records) always are."""
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = index_dir.parent / f"{index_dir.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        dnames = district_names(data_dir)
        synonyms = Synonyms.load(Path(data_dir) / "synonyms.csv") if data_dir else Synonyms([])
        by_city: dict[str, list[Resource]] = defaultdict(list)
        for r in resources:
            by_city[r.city].append(r)
        keys = {id(r): sort_key(r) for r in resources if cities is None or r.city in cities}  # Sudachi once per name
        names = {}
        for slug in sorted(by_city):
            name = city_dir_name(slug)
            names[slug] = name
            if cities is not None and slug not in cities:
                continue
            (tmp / name).mkdir()
            _write_city(tmp / name, by_city[slug], dnames, keys)
            vocab = build_vocab(by_city[slug], dnames)
            (tmp / name / VOCAB_FILE).write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        _write_lexicon(tmp, data_dir, synonyms)
        national = build_national_vocab(resources, dnames, synonyms)
        (tmp / VOCAB_FILE).write_text(json.dumps(national, ensure_ascii=False), encoding="utf-8")
        (tmp / CITIES_FILE).write_text(json.dumps({"format": 1, "cities": names}, ensure_ascii=False),
                                       encoding="utf-8")
        _swap_in(tmp, index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_lexicon(tmp: Path, data_dir: Path | None, synonyms: Synonyms) -> None:
    """What the searcher needs at request time besides the index: synonyms, the need
    lexicon and the place names (see lexicon.py, places.py)."""
    if data_dir is not None and (Path(data_dir) / SYNONYMS_FILE).exists():
        shutil.copyfile(Path(data_dir) / SYNONYMS_FILE, tmp / SYNONYMS_FILE)
    compile_lexicon(Path(data_dir or "."), synonyms, tmp / LEXICON_JSON)
    compile_places(data_dir, tmp / PLACES_FILE)


def _swap_in(tmp: Path, index_dir: Path) -> None:
    """Rename the finished index into place; an older index there is moved aside first."""
    if index_dir.exists():
        old = index_dir.parent / f"{index_dir.name}.old-{os.getpid()}"
        shutil.rmtree(old, ignore_errors=True)
        os.rename(index_dir, old)
        os.rename(tmp, index_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, index_dir)
