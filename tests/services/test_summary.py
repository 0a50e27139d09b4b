"""Summary records on the bundled sample: exact sums, and the posting lists agree with them."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tl342.core import fmt
from tl342.exports.options import ExportOptions
from tl342.exports.posting import posting_lists
from tl342.services.summary import project_summary, recovered_by_commune
from tl342.store.actions import load_snapshot
from tl342.store.project import Project

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "dt342.tl342"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("summary") / "dt342.tl342"
    shutil.copyfile(SAMPLE, path)
    with Project.open(path) as project:
        yield project


def test_posting_totals_equal_summary_on_the_sample(sample):
    """Each commune's posting-list total prints the summary's figure (Thanh Lâm 341.113,1 m²)."""
    summary = project_summary(sample, date(2022, 11, 30))
    lists = posting_lists(load_snapshot(sample), ExportOptions())
    assert {pl.commune for pl in lists} == set(summary.recovered_area_by_commune_m2)
    for pl in lists:
        want = summary.recovered_area_by_commune_m2[pl.commune]
        assert abs(pl.area_m2 - want) < 0.05
        assert fmt.area(pl.area_m2) == fmt.area(want)
    assert fmt.area(summary.recovered_area_by_commune_m2["Thanh Lâm"]) == "341.113,1"


def test_summary_record_is_exact_and_typed(sample):
    """Areas are exact sums (not pre-rounded), the date a ``date``, money ``int``."""
    s = project_summary(sample, date(2022, 11, 30))
    snap = load_snapshot(sample)
    assert s.recovered_area_m2 == fmt.total(p.recovered_area_m2 for p in snap.held_parcels())
    assert s.recovered_area_m2 != round(s.recovered_area_m2, 1)
    assert sum(recovered_by_commune(snap).values()) == pytest.approx(s.recovered_area_m2)
    assert s.date == date(2022, 11, 30) and isinstance(s.amounts_vnd.paid, int)
    assert s.campaign is not None and s.campaign.day == 17
