"""Keys for finding town names as people write them (used by gazetteer.py).

* `oaza_pair`: 大字X and X (a town with 丁目) sharing the name X — both kept, the parser decides.
* `skeleton`: a name with 大字 / 町 left out, so 唐戸 finds 唐戸町 and 豊北町神田 finds
  豊北町大字神田; kept only where it names one town.
"""
from __future__ import annotations

from .normalize import fold_name


def is_kana(s: str) -> bool:
    return bool(s) and all("\u30a1" <= ch <= "\u30fc" or ch in "の" for ch in s)


def oaza_pair(bases: set) -> tuple[str, str] | None:
    """(大字X, X) when the two towns sharing a name are exactly 大字X and X (丁目 town)."""
    if len(bases) != 2 or not all(isinstance(b, str) for b in bases):
        return None
    a, b = sorted(bases, key=len, reverse=True)
    return (a, b) if a == "大字" + b else None


def skeleton(folded: str) -> tuple[str, list[int]]:
    """`folded` without 大字 / 町, and for each kept character its index in `folded`.

    A lone 字 stays: it starts a 小字 (大字彦島字迫 is not the town 彦島迫町).
    """
    out, pos, i = [], [], 0
    while i < len(folded):
        if folded.startswith("大字", i):
            i += 2
            continue
        if folded[i] == "町":
            i += 1
            continue
        out.append(folded[i])
        pos.append(i)
        i += 1
    return "".join(out), pos


def skeleton_keys(towns: dict) -> dict[str, str]:
    """skeleton → town_base, for skeletons of 2+ characters that name one town only."""
    found: dict[str, set] = {}
    for base in towns:
        found.setdefault(skeleton(fold_name(base))[0], set()).add(base)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1 and len(k) >= 2}


def match_skeleton(keys: dict[str, str], max_len: int, folded: str) -> tuple[str, int] | None:
    """(town_base, characters of `folded` used) for the longest skeleton at its start."""
    sk, pos = skeleton(folded[:max_len * 2 + 4])
    for n in range(min(max_len, len(sk)), 1, -1):
        base = keys.get(sk[:n])
        if base is None:
            continue
        end = pos[n - 1] + 1
        while folded[end:end + 1] == "町":  # 唐戸町 typed for a town written 唐戸町 / 唐戸
            end += 1
        if is_kana(folded[end - 1:end]) and is_kana(folded[end:end + 1]):
            continue  # a kana name must end where the match ends
        return base, end
    return None
