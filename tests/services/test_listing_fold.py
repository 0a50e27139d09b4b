"""The households list's search text: folded part by part through a shared cache."""

from __future__ import annotations

from tl342.services.listing import _fold_parts, _fold_words, household_rows


def test_search_text_folded_by_parts_equals_the_whole_text_folded(project):
    """Each row's search text is what folding the joined fields word by word gives."""
    from tl342.store import actions

    snap = actions.load_snapshot(project)
    rows = household_rows(snap, public=True)
    assert rows
    for row in rows:
        hh = snap.households[row.code]
        whole = " ".join((row.code, hh.head_name, row.commune, hh.village, *row.parcels))
        assert row.search_text == _fold_words(whole, None)


def test_fold_parts_with_odd_spacing_and_empty_parts():
    """Empty, blank and multi-space parts fold as they would inside the joined text."""
    cache: dict[str, str] = {}
    parts = ("DT-01", "", "  Nguyễn   Văn  Ân ", "Đạp Thanh", "12/100", "   ", "Ân")
    want = _fold_words(" ".join(parts), None)
    assert _fold_parts(parts, cache) == want
    assert _fold_parts(parts, cache) == want  # from the cache the second time
    assert _fold_parts(parts, None) == want
    assert want == "dt-01 nguyen van an dap thanh 12/100 an"
