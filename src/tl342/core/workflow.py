"""The per-household workflow, driven by rule sets that are DATA (``core/rules/land_law_*.json``).

Events are append-only (model.Event); :func:`derive_state` folds them into a HouseholdState.
``make_*_event`` build new events after checking them against the rules and raise
:class:`~tl342.core.errors.TransitionError` with a user-readable reason when refused.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from os import PathLike
from typing import Any, Literal

from tl342.core.calendar import HolidayCalendar
from tl342.core.errors import TransitionError, UserError
from tl342.core.law import Dues, format_m2
from tl342.core.model import (
    STATUS_ORDER,
    Event,
    EventKind,
    Flag,
    HouseholdState,
    Regime,
    Status,
)

NaRule = Literal["never", "always", "all_land_donated", "nothing_payable"]
_NA_RULES = ("never", "always", "all_land_donated", "nothing_payable")
#: names of older rules files, read with the meaning the law gives them (a donation waives only
#: what was donated: domain.md §7a)
_NA_ALIASES = {"donated": "all_land_donated", "donated_or_nothing_payable": "nothing_payable"}


# ---------------------------------------------------------------------------------------------
# Rule sets
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StepRule:
    """One workflow step: its names and when it may be marked not applicable."""

    status: Status
    name_vi: str
    name_en: str
    na: NaRule = "never"
    na_note_vi: str = ""
    na_note_en: str = ""

    def name(self, lang: str = "en") -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class BackTransition:
    """An allowed move backwards (e.g. consultation sends the plan back to step 4)."""

    from_step: Status
    to_step: Status
    description_vi: str = ""
    description_en: str = ""


@dataclass(frozen=True)
class Refusal:
    """A specific refusal text used when ``missing`` would be skipped going to ``to`` (* = any)."""

    to: Status | None  # None = any target
    missing: Status
    en: str
    vi: str


@dataclass(frozen=True)
class DeadlineRule:
    """A time limit between two steps; ``kind`` min = not earlier than, max = not later than."""

    id: str
    from_step: Status
    to_step: Status
    limit: int
    unit: Literal["days", "working_days"]
    kind: Literal["min", "max"]
    description_vi: str
    description_en: str
    from_fallback: tuple[Status, ...] = ()
    to_fallback: tuple[Status, ...] = ()
    applies_to: str | None = None  # e.g. "agricultural"; None = always
    basis: str = ""
    start: Literal["reached", "effective"] = "reached"  # count from the step's effective date
    source: Mapping[str, str] = field(default_factory=dict)  # law, article, clause
    setting: bool = False  # not in the law: a project setting, editable per project
    unclear: str = ""  # what the law leaves open, said rather than guessed

    def source_text(self, lang: str = "en") -> str:
        """``Luật Đất đai 2013, Điều 93, khoản 1`` or ``project setting (…)``."""
        if self.setting:
            why = self.source.get("note", "")
            head = "thiết lập của dự án" if lang == "vi" else "project setting"
            return f"{head} ({why})" if why else head
        parts = [self.source.get("law", "")]
        if self.source.get("article"):
            parts.append(("Điều " if lang == "vi" else "art. ") + self.source["article"])
        if self.source.get("clause"):
            parts.append(("khoản " if lang == "vi" else "cl. ") + self.source["clause"])
        if self.source.get("point"):
            parts.append(("điểm " if lang == "vi" else "pt. ") + self.source["point"])
        return ", ".join(p for p in parts if p)

    def description(self, lang: str = "en") -> str:
        """The rule in words; a project setting (not in the law) says so."""
        text = self.description_vi if lang == "vi" else self.description_en
        if self.setting:
            text += " (thiết lập của dự án)" if lang == "vi" else " (project setting)"
        return text


@dataclass(frozen=True)
class RuleSet:
    """The workflow rules of one legal regime."""

    regime: Regime
    steps: tuple[StepRule, ...]
    back_transitions: tuple[BackTransition, ...]
    deadlines: tuple[DeadlineRule, ...]
    refusals: tuple[Refusal, ...] = ()
    messages: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    title_vi: str = ""
    title_en: str = ""

    def step(self, status: Status) -> StepRule:
        for s in self.steps:
            if s.status == status:
                return s
        raise KeyError(status)

    def step_name(self, status: Status, lang: str = "en") -> str:
        return self.step(status).name(lang)

    @property
    def order(self) -> tuple[Status, ...]:
        return tuple(s.status for s in self.steps)

    def rank(self, status: Status) -> int:
        return self.order.index(status)

    def may_be_not_applicable(
        self, status: Status, state: HouseholdState, dues: Dues | None = None
    ) -> bool:
        """Whether ``status`` may be marked not applicable for this household (rule ``na``).

        ``all_land_donated`` needs a donation of all the recovered land; ``nothing_payable``
        needs nothing left to pay. Without ``dues`` (nothing known) both are refused.
        """
        rule = self.step(status).na
        if rule == "always":
            return True
        if dues is None:
            return False
        if rule == "all_land_donated":
            return dues.all_land_donated
        if rule == "nothing_payable":
            return dues.payable_vnd == 0
        return False

    def with_limits(self, limits: Mapping[str, int]) -> RuleSet:
        """A copy with the limits of project-setting deadlines changed (``{rule id: limit}``).

        Limits set by law cannot be changed: UserError naming the rule and its source.
        """
        from dataclasses import replace

        known = {d.id: d for d in self.deadlines}
        for rid, value in limits.items():
            d = known.get(rid)
            if d is None:
                raise UserError(f"no time limit {rid!r}; known: {', '.join(sorted(known))}")
            if not d.setting:
                raise UserError(
                    f"time limit {rid!r} is set by law ({d.source_text()}); it cannot be changed"
                )
            if int(value) < 0:
                raise UserError(f"time limit {rid!r}: {value} is negative")
        return replace(
            self,
            deadlines=tuple(
                replace(d, limit=int(limits[d.id])) if d.id in limits else d for d in self.deadlines
            ),
        )

    def message(self, key: str, lang: str = "en", **kw: str) -> str:
        texts = self.messages.get(key) or _DEFAULT_MESSAGES[key]
        return texts["vi" if lang == "vi" else "en"].format(**kw)


_DEFAULT_MESSAGES: dict[str, dict[str, str]] = {
    "same": {"en": "the household is already at '{to}'", "vi": "hộ đã ở bước '{to}'"},
    "target_na": {
        "en": "step '{to}' is marked not applicable",
        "vi": "bước '{to}' đã đánh dấu không áp dụng",
    },
    "back": {
        "en": "cannot go back from '{from}' to '{to}'; undo the last step instead",
        "vi": "không thể quay lại từ '{from}' về '{to}'; hãy hoàn tác bước vừa ghi",
    },
    "skip": {
        "en": "cannot go to '{to}' before '{missing}'",
        "vi": "chưa có bước '{missing}' thì không thể chuyển sang '{to}'",
    },
    "skip_optional": {
        "en": "cannot go to '{to}' before '{missing}' (or mark '{missing}' not applicable)",
        "vi": "chưa có bước '{missing}' thì không thể chuyển sang '{to}' "
        "(hoặc đánh dấu '{missing}' không áp dụng)",
    },
    "enforcement_decision": {
        "en": "the enforcement decision (number, date) must be recorded on the 'enforcement' "
        "flag before '{to}'",
        "vi": "phải ghi quyết định cưỡng chế (số, ngày) vào đánh dấu 'cưỡng chế' trước khi '{to}'",
    },
}


def parse_rules(data: Mapping[str, Any], source: str = "rules") -> RuleSet:
    """Build a RuleSet from the parsed JSON layout of ``core/rules/land_law_*.json``."""
    try:
        steps = tuple(
            StepRule(
                status=Status(s["status"]),
                name_vi=s["name_vi"],
                name_en=s["name_en"],
                na=_NA_ALIASES.get(s.get("na", "never"), s.get("na", "never")),
                na_note_vi=s.get("na_note_vi", ""),
                na_note_en=s.get("na_note_en", ""),
            )
            for s in data["steps"]
        )
        for s in steps:
            if s.na not in _NA_RULES:
                raise ValueError(f"step {s.status.value}: unknown na rule {s.na!r}")
        if tuple(s.status for s in steps) != STATUS_ORDER:
            raise ValueError("steps must list every Status once, in workflow order")
        back = tuple(
            BackTransition(Status(b["from"]), Status(b["to"]), b.get("vi", ""), b.get("en", ""))
            for b in data.get("back_transitions", [])
        )
        refusals = tuple(
            Refusal(
                None if r["to"] == "*" else Status(r["to"]), Status(r["missing"]), r["en"], r["vi"]
            )
            for r in data.get("refusals", [])
        )
        deadlines = []
        for d in data.get("deadlines", []):
            if d["unit"] not in ("days", "working_days") or d["kind"] not in ("min", "max"):
                raise ValueError(f"deadline {d.get('id')}: bad unit or kind")
            if d.get("start", "reached") not in ("reached", "effective"):
                raise ValueError(f"deadline {d.get('id')}: start must be reached or effective")
            src = d.get("source") or {}
            if not isinstance(src, Mapping):
                raise ValueError(f"deadline {d.get('id')}: source must be an object")
            if not src.get("setting") and not (src.get("law") and src.get("article")):
                raise ValueError(
                    f"deadline {d.get('id')}: no legal source (source.law and source.article) "
                    "and not marked a project setting (source.setting)"
                )
            deadlines.append(
                DeadlineRule(
                    id=d.get("id", f"{d['from_step']}->{d['to_step']}"),
                    from_step=Status(d["from_step"]),
                    to_step=Status(d["to_step"]),
                    limit=int(d["limit"]),
                    unit=d["unit"],
                    kind=d["kind"],
                    description_vi=d["description_vi"],
                    description_en=d["description_en"],
                    from_fallback=tuple(Status(x) for x in d.get("from_fallback", [])),
                    to_fallback=tuple(Status(x) for x in d.get("to_fallback", [])),
                    applies_to=d.get("applies_to"),
                    basis=d.get("basis", ""),
                    start=d.get("start", "reached"),
                    source={k: str(v) for k, v in src.items()},
                    setting=bool(src.get("setting", False)),
                    unclear=d.get("unclear", ""),
                )
            )
        return RuleSet(
            regime=Regime(data["regime"]),
            steps=steps,
            back_transitions=back,
            deadlines=tuple(deadlines),
            refusals=refusals,
            messages=dict(data.get("messages", {})),
            title_vi=data.get("title_vi", ""),
            title_en=data.get("title_en", ""),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise UserError(f"{source}: bad workflow rules ({exc})") from exc


@cache
def load_rules(regime: Regime) -> RuleSet:
    """The packaged rule set of ``regime`` (cached)."""
    regime = Regime(regime)
    name = f"rules/{regime.value}.json"
    text = resources.files("tl342.core").joinpath(name).read_text(encoding="utf-8")
    return parse_rules(json.loads(text), source=name)


def project_rules(regime: Regime, limits: Mapping[str, int] | None = None) -> RuleSet:
    """The rules of ``regime`` with a project's own values of its project-setting limits."""
    rules = load_rules(regime)
    return rules.with_limits(limits) if limits else rules


def period(
    rules: RuleSet, calendar: HolidayCalendar, rule_id: str, start: date
) -> tuple[date, date]:
    """(first day, last day) of the period of deadline ``rule_id`` started by an event on ``start``.

    Days: the first day is the day after ``start`` (Civil Code 2015 art. 147(2)); the last day,
    if a weekend day or public holiday, moves to the next working day (art. 148(5)). Working
    days: the first and last working days after ``start``. Used for the dates printed on
    public posting lists: ``period(rules, cal, "posting", posted_on)``.
    """
    rule = next((d for d in rules.deadlines if d.id == rule_id), None)
    if rule is None:
        raise UserError(f"no time limit {rule_id!r} in the {rules.regime.value} rules")
    if rule.unit == "working_days":
        return calendar.add_working_days(start, 1), calendar.add_working_days(start, rule.limit)
    return start + timedelta(days=1), calendar.period_end(start, rule.limit)


def load_rules_file(path: str | PathLike[str]) -> RuleSet:
    """A rule set from an edited copy of a rules JSON file."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise UserError(f"{path}: cannot read rules file ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    return parse_rules(data, source=str(path))


# ---------------------------------------------------------------------------------------------
# Events -> state
# ---------------------------------------------------------------------------------------------
_STATUS_RANK = {s: s.rank for s in Status}  # a plain look-up: derive_state folds every event
_PAID_RANK = Status.PAID.rank


def derive_state(events: Sequence[Event]) -> HouseholdState:
    """Fold one household's events (in append order) into its state.

    STATUS sets the status and ``reached_on[to]``; a move backwards drops the dates of the
    steps after the new status (they will be reached again). REVERT of a STATUS event puts
    back the status and dates as they were just before that event; REVERT of a flag event
    toggles the flag back; REVERT of a NOT_APPLICABLE event removes the mark.
    A STATUS event's effective date and Treasury deposit follow its step the same way; a flag
    keeps the document (number, date) of the event that set it.
    """
    status = Status.PENDING
    flags: set[Flag] = set()
    na: dict[Status, str] = {}
    reached: dict[Status, date] = {}
    effective: dict[Status, date] = {}
    deposited = False
    docs: dict[Flag, tuple[str, date | None]] = {}
    before: dict[int, tuple[Status, dict[Status, date], dict[Status, date], bool]] = {}
    # what a REVERT needs (the state before each step, events by id), kept only when the
    # history has one: opening a district folds 140 000 events
    reverting = any(e.kind is EventKind.REVERT for e in events)
    by_id: dict[int, Event] = (
        {e.id: e for e in events if e.id is not None} if reverting else {}
    )

    for ev in events:
        if ev.kind is EventKind.STATUS:
            if ev.to_status is None:
                raise UserError(f"event {ev.id}: status event without a target status")
            if reverting and ev.id is not None:
                before[ev.id] = (status, dict(reached), dict(effective), deposited)
            to = ev.to_status if ev.to_status.__class__ is Status else Status(ev.to_status)
            rank = _STATUS_RANK[to]
            if rank <= _STATUS_RANK[status]:
                reached = {s: d for s, d in reached.items() if _STATUS_RANK[s] < rank}
                effective = {s: d for s, d in effective.items() if _STATUS_RANK[s] < rank}
            if rank <= _PAID_RANK:
                deposited = False
            if to is Status.PAID:
                deposited = bool(ev.deposited)
            status = to
            reached[to] = ev.at
            if ev.effective_on is not None:
                effective[to] = ev.effective_on
        elif ev.kind is EventKind.FLAG_ON and ev.flag is not None:
            flags.add(Flag(ev.flag))
            if ev.doc_no:
                docs[Flag(ev.flag)] = (ev.doc_no, ev.doc_date)
            else:
                docs.pop(Flag(ev.flag), None)
        elif ev.kind is EventKind.FLAG_OFF and ev.flag is not None:
            flags.discard(Flag(ev.flag))
            docs.pop(Flag(ev.flag), None)
        elif ev.kind is EventKind.NOT_APPLICABLE and ev.step is not None:
            na[Status(ev.step)] = ev.note
        elif ev.kind is EventKind.REVERT:
            target = by_id.get(ev.reverts) if ev.reverts is not None else None
            if target is None:
                raise UserError(f"event {ev.id}: reverts unknown event {ev.reverts}")
            if target.kind is EventKind.STATUS:
                if target.id in before:
                    status, reached = before[target.id][0], dict(before[target.id][1])
                    effective, deposited = dict(before[target.id][2]), before[target.id][3]
                else:  # pragma: no cover - target always precedes its revert in append order
                    status = Status(target.from_status or Status.PENDING)
                    reached.pop(Status(target.to_status), None)
            elif target.kind is EventKind.FLAG_ON and target.flag is not None:
                flags.discard(Flag(target.flag))
                docs.pop(Flag(target.flag), None)
            elif target.kind is EventKind.FLAG_OFF and target.flag is not None:
                flags.add(Flag(target.flag))
            elif target.kind is EventKind.NOT_APPLICABLE and target.step is not None:
                na.pop(Status(target.step), None)
    return HouseholdState(
        status=status,
        flags=frozenset(flags),
        not_applicable=na,
        reached_on=reached,
        effective_on=effective,
        deposited=deposited,
        flag_docs={f: d for f, d in docs.items() if f in flags},
    )


# ---------------------------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------------------------
def _at(rules: RuleSet, state: HouseholdState, code: str, lang: str) -> str:
    """``DT-012 is at 'plan approval'`` — the head of every refusal naming a household."""
    cur = rules.step_name(state.status, lang)
    return f"hộ {code} đang ở bước '{cur}'" if lang == "vi" else f"{code} is at '{cur}'"


def _refuse(rules: RuleSet, state: HouseholdState, code: str, lang: str, why: str) -> str:
    return f"{_at(rules, state, code, lang)}: {why}" if code else why


def check_transition(
    rules: RuleSet,
    state: HouseholdState,
    to: Status,
    lang: str = "en",
    *,
    code: str = "",
) -> str | None:
    """None if the household may move to ``to``; otherwise why not (English or ``lang="vi"``).

    With ``code`` the reason names the household and its current step, then says what must
    happen first ("DT-012 is at 'plan approval': payment (or a Treasury deposit) must be
    recorded before 'site handover'").
    """
    to = Status(to)
    cur = state.status
    names = {"to": rules.step_name(to, lang), "from": rules.step_name(cur, lang)}
    if to == cur:
        return _refuse(rules, state, code, lang, rules.message("same", lang, **names))
    if to in state.not_applicable:
        return _refuse(rules, state, code, lang, rules.message("target_na", lang, **names))
    if rules.rank(to) < rules.rank(cur):
        for b in rules.back_transitions:
            if b.from_step == cur and b.to_step == to:
                return None
        return _refuse(rules, state, code, lang, rules.message("back", lang, **names))
    missing = [
        s
        for s in rules.order[rules.rank(cur) + 1 : rules.rank(to)]
        if s not in state.not_applicable
    ]
    if not missing:
        if to is Status.HANDED_OVER and Flag.ENFORCEMENT in state.flags:
            if Flag.ENFORCEMENT not in state.flag_docs:
                return _refuse(
                    rules, state, code, lang, rules.message("enforcement_decision", lang, **names)
                )
        return None
    for r in rules.refusals:
        if (r.to is None or r.to == to) and r.missing in missing:
            text = r.vi if lang == "vi" else r.en
            why = text.format(**names, missing=rules.step_name(r.missing, lang))
            return _refuse(rules, state, code, lang, why)
    first = missing[0]
    key = "skip_optional" if rules.step(first).na != "never" else "skip"
    why = rules.message(key, lang, **names, missing=rules.step_name(first, lang))
    return _refuse(rules, state, code, lang, why)


def allowed_targets(rules: RuleSet, state: HouseholdState) -> list[Status]:
    """Statuses the household may move to now, in workflow order."""
    return [s for s in rules.order if check_transition(rules, state, s) is None]


def refusal_reasons(rules: RuleSet, state: HouseholdState, lang: str = "en") -> dict[Status, str]:
    """For every status the household may NOT move to now: why (for tooltips in the GUI)."""
    out: dict[Status, str] = {}
    for s in rules.order:
        reason = check_transition(rules, state, s, lang)
        if reason is not None:
            out[s] = reason
    return out


def _current_date(state: HouseholdState) -> date | None:
    return state.reached_on.get(state.status)


def _msg(lang: str, en: str, vi: str) -> str:
    return vi if lang == "vi" else en


def make_status_event(
    rules: RuleSet,
    state: HouseholdState,
    code: str,
    to: Status,
    at: date,
    by: str = "",
    note: str = "",
    doc_no: str = "",
    doc_date: date | None = None,
    lang: str = "en",
    *,
    deposited: bool = False,
    effective_on: date | None = None,
) -> Event:
    """A STATUS event moving ``code`` to ``to``; TransitionError(reason) if not allowed.

    ``deposited``: the payment step is met by depositing the refused money in a State
    Treasury holding account (Land Law 2013 art. 93(3); 2024 art. 94) — needs the document.
    ``effective_on``: the decision takes effect on that day (not before it is signed);
    deadlines that count from the decision taking effect start there.
    """
    to = Status(to)

    def refuse(en: str, vi: str) -> TransitionError:
        return TransitionError(_refuse(rules, state, code, lang, _msg(lang, en, vi)))

    reason = check_transition(rules, state, to, lang, code=code)
    if reason is not None:
        raise TransitionError(reason)
    if deposited and to is not Status.PAID:
        raise refuse(
            "a Treasury deposit can only meet the payment step",
            "chỉ bước chi trả mới ghi được gửi tiền vào Kho bạc",
        )
    if deposited and not (doc_no or "").strip():
        raise refuse(
            "a Treasury deposit needs its document number (--doc) and date",
            "gửi tiền vào Kho bạc cần số và ngày chứng từ (--doc)",
        )
    signed = doc_date or at
    if effective_on is not None and effective_on < signed:
        raise refuse(
            f"effective date {effective_on:%d/%m/%Y} is before the decision is signed "
            f"({signed:%d/%m/%Y})",
            f"ngày có hiệu lực {effective_on:%d/%m/%Y} trước ngày ký quyết định "
            f"({signed:%d/%m/%Y})",
        )
    cur_date = _current_date(state)
    if cur_date is not None and at < cur_date:
        raise refuse(
            f"date {at:%d/%m/%Y} is earlier than the current step "
            f"'{rules.step_name(state.status)}' ({cur_date:%d/%m/%Y})",
            f"ngày {at:%d/%m/%Y} sớm hơn ngày của bước hiện tại "
            f"'{rules.step_name(state.status, 'vi')}' ({cur_date:%d/%m/%Y})",
        )
    return Event(
        household_code=code,
        kind=EventKind.STATUS,
        at=at,
        from_status=state.status,
        to_status=to,
        by=by,
        note=note,
        doc_no=doc_no,
        doc_date=doc_date,
        deposited=bool(deposited),
        effective_on=effective_on,
    )


_FLAG_NAMES = {
    Flag.COMPLAINT: ("complaint", "khiếu nại"),
    Flag.ENFORCEMENT: ("enforcement", "cưỡng chế"),
    Flag.DONATED: ("donated", "tự nguyện hiến"),
}


def make_flag_event(
    state: HouseholdState,
    code: str,
    flag: Flag,
    on: bool,
    at: date,
    by: str = "",
    note: str = "",
    lang: str = "en",
    *,
    doc_no: str = "",
    doc_date: date | None = None,
) -> Event:
    """FLAG_ON / FLAG_OFF; refuses setting a flag already set or clearing one not set.

    ``doc_no``/``doc_date``: the decision the flag rests on (for ``enforcement``: the
    enforcement decision, quyết định cưỡng chế — a handover under enforcement needs it).
    """
    flag = Flag(flag)
    en, vi = _FLAG_NAMES[flag]
    if on and flag in state.flags:
        raise TransitionError(
            _msg(lang, f"{code}: flag '{en}' is already set", f"hộ {code}: đã đánh dấu '{vi}'")
        )
    if not on and flag not in state.flags:
        raise TransitionError(
            _msg(lang, f"{code}: flag '{en}' is not set", f"hộ {code}: chưa đánh dấu '{vi}'")
        )
    return Event(
        household_code=code,
        kind=EventKind.FLAG_ON if on else EventKind.FLAG_OFF,
        at=at,
        from_status=state.status,
        to_status=state.status,
        flag=flag,
        by=by,
        note=note,
        doc_no=doc_no if on else "",
        doc_date=(doc_date or (at if doc_no else None)) if on else None,  # dated the day set
    )


def make_na_event(
    rules: RuleSet,
    state: HouseholdState,
    code: str,
    step: Status,
    reason: str,
    at: date,
    by: str = "",
    *,
    dues: Dues | None = None,
    lang: str = "en",
) -> Event:
    """Mark ``step`` not applicable (không áp dụng) with a reason.

    Refused when the reason is blank, the step is not optional for this household, it is
    already marked, or already passed. ``paid`` may be skipped only when nothing remains
    payable (``dues.payable_vnd == 0``; the refusal says what is still owed), the recovery
    decision only when all the recovered land is donated (``dues.all_land_donated``).
    """
    step = Status(step)
    name_en, name_vi = rules.step_name(step), rules.step_name(step, "vi")

    def refuse(en: str, vi: str) -> TransitionError:
        return TransitionError(_refuse(rules, state, code, lang, _msg(lang, en, vi)))

    if not reason or not reason.strip():
        raise refuse(
            "a reason is required to mark a step not applicable",
            "cần ghi lý do khi đánh dấu không áp dụng",
        )
    if step in state.not_applicable:
        raise refuse(
            f"step '{name_en}' is already marked not applicable",
            f"bước '{name_vi}' đã đánh dấu không áp dụng",
        )
    if rules.rank(step) <= rules.rank(state.status):
        raise refuse(f"step '{name_en}' is already passed", f"bước '{name_vi}' đã thực hiện xong")
    if not rules.may_be_not_applicable(step, state, dues):
        rule = rules.step(step)
        if rule.na == "never":
            raise refuse(
                f"step '{name_en}' cannot be marked not applicable",
                f"bước '{name_vi}' không thể đánh dấu không áp dụng",
            )
        en = f"step '{name_en}' cannot be marked not applicable: {rule.na_note_en}"
        vi = f"bước '{name_vi}' không thể đánh dấu không áp dụng: {rule.na_note_vi}"
        if dues is not None and rule.na == "nothing_payable":
            en += f"; {dues.owed_text('en')} — it must be paid or deposited first"
            vi += f"; {dues.owed_text('vi')} — phải chi trả hoặc gửi Kho bạc trước"
        elif dues is not None and rule.na == "all_land_donated":
            en += (
                f"; recovered land {format_m2(dues.recovered_m2)}, {dues.donated_text('en')}"
                " — the recovery decision must be issued first"
            )
            vi += (
                f"; đất thu hồi {format_m2(dues.recovered_m2)}, {dues.donated_text('vi')}"
                " — phải có quyết định thu hồi đất trước"
            )
        raise refuse(en, vi)
    return Event(
        household_code=code,
        kind=EventKind.NOT_APPLICABLE,
        at=at,
        from_status=state.status,
        to_status=state.status,
        step=step,
        by=by,
        note=reason.strip(),
    )


def _reverted_ids(events: Sequence[Event]) -> set[int]:
    return {e.reverts for e in events if e.kind is EventKind.REVERT and e.reverts is not None}


def make_revert_event(
    events: Sequence[Event], event_id: int, at: date, by: str = "", lang: str = "en"
) -> Event:
    """Undo ``event_id``.

    A STATUS event can be undone only if it is the latest status event still in effect
    (returns a REVERT). A flag event is undone by the opposite flag event (returned), if the
    flag is still as that event left it. A NOT_APPLICABLE mark is undone by a REVERT while the
    step is still ahead. A REVERT cannot itself be undone: record the step again instead.
    """
    target = next((e for e in events if e.id == event_id), None)
    if target is None:
        raise TransitionError(_msg(lang, f"no event {event_id}", f"không có sự kiện {event_id}"))
    reverted = _reverted_ids(events)
    if event_id in reverted:
        raise TransitionError(
            _msg(
                lang, f"event {event_id} is already undone", f"sự kiện {event_id} đã được hoàn tác"
            )
        )
    if at < target.at:
        raise TransitionError(
            _msg(
                lang,
                f"undo date {at:%d/%m/%Y} is earlier than the event ({target.at:%d/%m/%Y})",
                f"ngày hoàn tác {at:%d/%m/%Y} sớm hơn ngày của sự kiện ({target.at:%d/%m/%Y})",
            )
        )
    state = derive_state(events)
    code = target.household_code
    if target.kind is EventKind.STATUS:
        # the latest status event still in effect = the one whose effect is the current status
        effective: list[Event] = []
        for e in events:
            if e.kind is EventKind.STATUS:
                effective.append(e)
            elif e.kind is EventKind.REVERT:
                effective = [x for x in effective if x.id != e.reverts]
        if not effective or effective[-1].id != event_id:
            raise TransitionError(
                _msg(
                    lang,
                    "only the latest step can be undone",
                    "chỉ hoàn tác được bước ghi gần nhất",
                )
            )
        return Event(
            household_code=code,
            kind=EventKind.REVERT,
            at=at,
            from_status=state.status,
            to_status=target.from_status or Status.PENDING,
            by=by,
            reverts=event_id,
        )
    if target.kind in (EventKind.FLAG_ON, EventKind.FLAG_OFF):
        assert target.flag is not None
        on = target.kind is EventKind.FLAG_OFF  # undoing an "off" turns it back on
        ev = make_flag_event(state, code, target.flag, on, at, by=by, lang=lang)
        ev.note = f"undo of event {event_id}"
        return ev
    if target.kind is EventKind.NOT_APPLICABLE:
        assert target.step is not None
        step = Status(target.step)
        if step.rank <= state.status.rank:
            raise TransitionError(
                _msg(
                    lang,
                    "the step is already passed; the mark cannot be undone",
                    "bước đã qua; không thể hoàn tác đánh dấu",
                )
            )
        return Event(
            household_code=code,
            kind=EventKind.REVERT,
            at=at,
            from_status=state.status,
            to_status=state.status,
            step=step,
            by=by,
            reverts=event_id,
        )
    raise TransitionError(
        _msg(
            lang,
            "an undo cannot be undone; record the step again",
            "không thể hoàn tác một lần hoàn tác; hãy ghi lại bước",
        )
    )


# ---------------------------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------------------------
DeadlineState = Literal["ok", "due_soon", "overdue", "met", "waiting", "early"]


@dataclass(frozen=True)
class Deadline:
    """One time limit of one household, evaluated on ``today``.

    max: ok / due_soon (within ``soon_days``) / overdue (past due, step not reached) / met
    (reached; ``overdue_days`` > 0 if reached late, e.g. the late days of a payment).
    min: waiting (the earliest date is still ahead) / ok (may proceed now) / met (reached on
    or after it) / early (reached before it: ``overdue_days`` = days short, lawful only with
    the household's agreement).
    """

    household: str
    step: Status  # the step that is due
    due: date
    kind: Literal["min", "max"]
    description: str
    overdue_days: int
    state: DeadlineState
    from_step: Status | None = None
    rule_id: str = ""


def _pick(primary: Status, fallback: tuple[Status, ...], state: HouseholdState) -> Status | None:
    for s in (primary, *fallback):
        if s not in state.not_applicable:
            return s
    return None


def deadlines(
    rules: RuleSet,
    calendar: HolidayCalendar,
    state: HouseholdState,
    code: str,
    today: date,
    soon_days: int = 3,
    lang: str = "en",
    land: str = "agricultural",
) -> list[Deadline]:
    """The household's deadlines whose starting step has been reached, in due-date order.

    ``land`` selects deadlines with an ``applies_to`` ("agricultural" / "non_agricultural").
    Periods in days are counted as the Civil Code counts them (``calendar.period_end``: from
    the day after the start, a last day on a weekend or holiday moves to the next working
    day); a rule with ``start: effective`` counts from the step's effective date if recorded.
    A deadline whose step (and fallbacks) is marked not applicable is left out.
    """
    out: list[Deadline] = []
    for r in rules.deadlines:
        if r.applies_to is not None and r.applies_to != land:
            continue
        frm = _pick(r.from_step, r.from_fallback, state)
        to = _pick(r.to_step, r.to_fallback, state)
        if frm is None or to is None:
            continue
        start = state.reached_on.get(frm)
        if start is None:
            continue
        if r.start == "effective":
            start = state.effective_on.get(frm, start)
        if r.unit == "working_days":
            due = calendar.add_working_days(start, r.limit)
        else:
            due = calendar.period_end(start, r.limit)
        reached = state.reached_on.get(to)
        if r.kind == "max":
            if reached is not None:
                late = max((reached - due).days, 0)
                st: DeadlineState = "met"
            else:
                late = max((today - due).days, 0)
                if today > due:
                    st = "overdue"
                elif (due - today).days <= soon_days:
                    st = "due_soon"
                else:
                    st = "ok"
        else:
            if reached is not None:
                late = max((due - reached).days, 0)
                st = "early" if reached < due else "met"
            else:
                late = 0
                st = "waiting" if today < due else "ok"
        out.append(
            Deadline(
                household=code,
                step=to,
                due=due,
                kind=r.kind,
                description=r.description(lang),
                overdue_days=late,
                state=st,
                from_step=frm,
                rule_id=r.id,
            )
        )
    out.sort(key=lambda d: (d.due, d.step.rank))
    return out


# ---------------------------------------------------------------------------------------------
# Time limits and their sources (tl342 limits, docs/legal_limits.md)
# ---------------------------------------------------------------------------------------------
def limit_rows(rules: RuleSet, lang: str = "en") -> list[dict[str, Any]]:
    """One row per time limit: step → limit → source (or "project setting"), JSON-ready."""
    unit_names = {
        "days": ("ngày", "days"),
        "working_days": ("ngày làm việc", "working days"),
    }
    rows = []
    for d in rules.deadlines:
        vi, en = unit_names[d.unit]
        rows.append(
            {
                "id": d.id,
                "from_step": d.from_step.value,
                "to_step": d.to_step.value,
                "step": rules.step_name(d.to_step, lang),
                "from": rules.step_name(d.from_step, lang),
                "limit": d.limit,
                "unit": d.unit,
                "limit_text": f"{'≥' if d.kind == 'min' else '≤'} {d.limit} {vi if lang == 'vi' else en}",
                "kind": d.kind,
                "counted_from": d.start,
                "applies_to": d.applies_to,
                "setting": d.setting,
                "source": dict(d.source),
                "source_text": d.source_text(lang),
                "unclear": d.unclear,
                "description": d.description(lang),
            }
        )
    return rows


def legal_limits_markdown() -> str:
    """docs/legal_limits.md: every regime's table step → limit → source (a test keeps the file
    equal to this text; regenerate with ``tl342 limits --markdown``)."""
    out = [
        "# Time limits and their legal sources",
        "",
        "Generated from `src/tl342/core/rules/*.json` by `tl342 limits --markdown`; a test fails",
        "when this file and the rules differ, or when a limit has no source. A limit marked",
        "**project setting** is not in the law: it is the task force's own target and can be",
        "changed per project (`tl342 limits PROJECT --set ID=N`).",
        "",
        "Periods in days are counted as the Civil Code 2015 counts them (art. 147(2): from the",
        "day after the event; art. 148(1),(5): a last day on a weekend or public holiday moves",
        "to the end of the next working day). Working days skip weekends, public holidays and",
        "the announced day swaps (`tl342 holidays --year Y`).",
    ]
    for regime in Regime:
        rules = load_rules(regime)
        out += [
            "",
            f"## {rules.title_en or regime.value} — `{regime.value}`",
            "",
            "| Step | From | Limit | Counted from | Source | Open question |",
            "|---|---|---|---|---|---|",
        ]
        for r in limit_rows(rules, "en"):
            step = r["step"] + (f" ({r['applies_to']} land)" if r["applies_to"] else "")
            src = ("**project setting** — " if r["setting"] else "") + (
                r["source"].get("note", "") if r["setting"] else r["source_text"]
            )
            start = "effective date" if r["counted_from"] == "effective" else "step reached"
            out.append(
                f"| {step} | {r['from']} | {r['limit_text']} | {start} | {src} | "
                f"{r['unclear'] or '—'} |"
            )
    return "\n".join(out) + "\n"
