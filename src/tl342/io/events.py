"""Read workflow events from the events CSV (``household,event,date,by,note,doc_no``).

``event`` is a Status value ("notified", "paid", ...), ``flag:<flag>`` / ``unflag:<flag>``
(complaint, enforcement, donated) or ``na:<status>`` (step not applicable; ``note`` gives the
reason). Whether an event is allowed is decided later by the workflow rules, not here.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tl342.core.errors import UserError
from tl342.core.model import EventKind, Flag, Status
from tl342.core.text import fold

from .common import cell_text
from .encodings import decode_bytes, detect_encoding
from .numbers import parse_date
from .report import ValidationReport

COLUMNS = ("household", "event", "date", "by", "note", "doc_no")
REQUIRED = ("household", "event", "date")


@dataclass(slots=True)
class EventRow:
    """One line of the events CSV, parsed."""

    row: int  # line number in the file (the header is line 1)
    household: str
    kind: EventKind
    at: date
    to_status: Status | None = None
    flag: Flag | None = None
    step: Status | None = None
    by: str = ""
    note: str = ""
    doc_no: str = ""


def parse_event(text: str) -> tuple[EventKind, Status | None, Flag | None, Status | None]:
    """(kind, to_status, flag, step) of an event word; ValueError naming the valid ones."""
    t = text.strip().lower()
    statuses = {s.value: s for s in Status}
    flags = {f.value: f for f in Flag}
    if t in statuses:
        return EventKind.STATUS, statuses[t], None, None
    prefix, _, rest = t.partition(":")
    rest = rest.strip()
    if prefix in ("flag", "unflag") and rest in flags:
        kind = EventKind.FLAG_ON if prefix == "flag" else EventKind.FLAG_OFF
        return kind, None, flags[rest], None
    if prefix == "na" and rest in statuses:
        return EventKind.NOT_APPLICABLE, None, None, statuses[rest]
    raise ValueError(
        f"unknown event {text!r}; use a status ({', '.join(statuses)}), flag:<flag>, "
        f"unflag:<flag> ({', '.join(flags)}) or na:<status>"
    )


def read_events(path: str | os.PathLike) -> tuple[list[EventRow], ValidationReport]:
    """Read and check the events CSV; nothing is written anywhere."""
    p = Path(path)
    rep = ValidationReport(source=p.name)
    try:
        rows = _read(p, rep)
    except UserError as exc:
        rep.add_file_error(str(exc))
        return [], rep
    rep.count("events", len(rows))
    rep.count("households", len({r.household for r in rows}))
    return rows, rep


def _read(p: Path, rep: ValidationReport) -> list[EventRow]:
    if not p.exists():
        raise UserError(f"{p.name}: no such file")
    raw = p.read_bytes()
    if not raw.strip():
        raise UserError(f"{p.name}: the file is empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:200]:
        raise UserError(f"{p.name}: the file is UTF-16 (Unicode text); save it as CSV UTF-8")
    enc = detect_encoding(raw.splitlines())
    rep.info["encoding"] = enc
    text = decode_bytes(raw, enc)
    try:
        delim = csv.Sniffer().sniff(text[:2000], delimiters=",;\t").delimiter
    except csv.Error:
        delim = ","
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    header = next(reader, None) or []
    names = [fold(h).replace(" ", "_") for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise UserError(
            f"{p.name}: missing column(s) {', '.join(missing)}; the header must be "
            f"{','.join(COLUMNS)} (found {','.join(header) or 'nothing'})"
        )
    idx = {c: names.index(c) for c in COLUMNS if c in names}
    out: list[EventRow] = []
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue

        def get(col: str, values: list[str] = values) -> str:
            i = idx.get(col)
            return cell_text(values[i]) if i is not None and i < len(values) else ""

        where = f"row {line}"
        household = get("household")
        if not household:
            rep.add_error(where, "no household code", field="household")
            continue
        try:
            kind, to_status, flag, step = parse_event(get("event"))
        except ValueError as exc:
            rep.add_error(where, str(exc), field="event")
            continue
        try:
            at = parse_date(get("date"))
        except ValueError as exc:
            rep.add_error(where, str(exc), field="date")
            continue
        note = get("note")
        if kind is EventKind.NOT_APPLICABLE and not note:
            rep.add_error(
                where, "a step marked not applicable needs the reason in 'note'", field="note"
            )
            continue
        out.append(
            EventRow(
                row=line,
                household=household,
                kind=kind,
                at=at,
                to_status=to_status,
                flag=flag,
                step=step,
                by=get("by"),
                note=note,
                doc_no=get("doc_no"),
            )
        )
    if not out and rep.ok:
        rep.add_error(p.name, "no events under the header")
    return out
