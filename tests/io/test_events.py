"""The events CSV (household,event,date,by,note,doc_no)."""

from __future__ import annotations

from datetime import date

from tl342.core.model import EventKind, Flag, Status
from tl342.io.events import read_events


def test_events_csv(tmp_path):
    """Status steps, flags on/off and not-applicable steps are parsed with their dates."""
    path = tmp_path / "events.csv"
    path.write_text(
        "household,event,date,by,note,doc_no\n"
        "DT-001,notified,05/06/2022,Tổ GPMB,,TB 12/TB-UBND\n"
        "DT-001,flag:complaint,2022-06-07,,khiếu nại giá cây,\n"
        "DT-001,unflag:complaint,08/06/2022,,,\n"
        "DT-002,na:consulted,09/06/2022,,không có ý kiến,\n",
        encoding="utf-8",
    )
    rows, rep = read_events(path)
    assert rep.ok, rep.problems
    assert rows[0].kind is EventKind.STATUS and rows[0].to_status is Status.NOTIFIED
    assert rows[0].at == date(2022, 6, 5) and rows[0].doc_no == "TB 12/TB-UBND"
    assert rows[1].kind is EventKind.FLAG_ON and rows[1].flag is Flag.COMPLAINT
    assert rows[2].kind is EventKind.FLAG_OFF
    assert rows[3].kind is EventKind.NOT_APPLICABLE and rows[3].step is Status.CONSULTED
    assert rows[3].note == "không có ý kiến" and rows[3].row == 5
