"""The 試験結果's rules: what makes a criterion 適合, 未検証 or 不適合, and the 対応度 that follows."""
from __future__ import annotations

import pytest

from tsunagu.site.pages import a11y_result as ar

PASSED = {"checked": True, "violations": 0, "incomplete": 0}
FAILED = {"checked": True, "violations": 1, "incomplete": 0}
CHECK = {"criterion": "1.1.1", "result": "適合", "checked_by": "担当", "checked_on": "2026-12-06", "method": "見た"}


def test_axe_tags_map_to_criteria():
    assert ar.criterion_of_tag("wcag111") == "1.1.1"
    assert ar.criterion_of_tag("wcag1412") == "1.4.12"
    assert ar.criterion_of_tag("wcag258") == "2.5.8"
    assert ar.criterion_of_tag("wcag2aa") is None
    assert ar.criterion_of_tag("wcag999") is None


def test_axe_results_are_summarised_per_criterion():
    runs = {"a": {"passes": ["image-alt"], "inapplicable": ["video-caption"]},
            "b": {"violations": ["image-alt"], "incomplete": ["color-contrast"]}}
    tags = {"image-alt": ["wcag2a", "wcag111"], "video-caption": ["wcag122"], "color-contrast": ["wcag143"]}
    got = ar.summarise_axe(runs, tags)
    assert got["1.1.1"]["image-alt"] == {"checked": True, "violations": 1, "incomplete": 0}
    assert got["1.2.2"]["video-caption"] == {"checked": False, "violations": 0, "incomplete": 0}
    assert got["1.4.3"]["color-contrast"] == {"checked": True, "violations": 0, "incomplete": 1}


def test_axe_alone_never_makes_a_criterion_met():
    row = ar.decide("1.1.1", {"image-alt": PASSED}, [])
    assert (row.result, row.basis) == (ar.UNVERIFIED, "自動のみ")
    assert ar.decide("1.3.2", {}, []).result == ar.UNVERIFIED


def test_a_reviewed_check_makes_it_met_unless_axe_found_a_violation():
    assert ar.decide("1.1.1", {"image-alt": PASSED}, [CHECK]).result == ar.MET
    assert ar.decide("1.1.1", {"image-alt": FAILED}, [CHECK]).result == ar.NOT_MET
    assert ar.decide("1.1.1", {}, [{**CHECK, "result": "適用なし"}]).applies == "－"


def test_conformance_follows_the_results():
    def rows(result):
        return [ar.Row(sc=sc, name=n, level=lv, jis=True, result=result, applies="○", basis="確認")
                for sc, n, lv in ar.JIS_CRITERIA]
    assert ar.conformance_of(rows(ar.MET)) == "準拠"
    some_fail = rows(ar.MET)
    some_fail[3].result = ar.NOT_MET
    assert ar.conformance_of(some_fail) == "一部準拠"
    some_untested = rows(ar.MET)
    some_untested[5].result = ar.UNVERIFIED
    assert ar.conformance_of(some_untested) == "配慮"


def test_the_manual_checks_file_is_validated():
    with pytest.raises(ValueError, match="missing checked_by"):
        ar.validate_manual({"checks": [{**CHECK, "checked_by": ""}]})
    with pytest.raises(ValueError, match="result must be"):
        ar.validate_manual({"checks": [{**CHECK, "result": "たぶん"}]})
    with pytest.raises(ValueError, match="unknown success criterion"):
        ar.validate_manual({"checks": [{**CHECK, "criterion": "9.9.9"}]})


def test_the_committed_result_loads_with_every_jis_criterion():
    result = ar.load()
    assert result is not None
    assert len(result.jis_rows) == 38
    assert result.conformance in ("準拠", "一部準拠", "配慮")
    assert all(r.result != ar.MET or r.checks for r in result.rows)
