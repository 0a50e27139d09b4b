"""`tl342 limits`: every time limit with its legal source; project settings changed per project."""

from __future__ import annotations

from .common import EXIT_OK, add_command, emit, json_flag, open_project, output_lang


def _pairs(items: list[str]) -> dict[str, int]:
    from ..core.errors import UserError

    out: dict[str, int] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(f"--set {item!r}: use ID=N (e.g. appraisal=20)")
        try:
            out[key.strip()] = int(value)
        except ValueError:
            raise UserError(f"--set {item!r}: {value!r} is not a whole number of days") from None
    return out


def cmd_limits(args) -> int:
    from ..core.model import Regime
    from ..core.workflow import legal_limits_markdown, limit_rows, load_rules, project_rules

    lang = output_lang(args)
    if args.markdown:
        print(legal_limits_markdown(), end="")
        return EXIT_OK
    own: dict[str, int] = {}
    if args.project:
        from ..store import actions

        with open_project(args.project) as project:
            if args.set:
                actions.set_limits(project, _pairs(args.set))
            own = actions.get_limits(project)
            regime = project.regime
    else:
        if args.set:
            from ..core.errors import UserError

            raise UserError("--set needs a PROJECT")
        regime = Regime(args.regime or Regime.LAND_LAW_2024.value)
    rules = project_rules(regime, own)
    rows = limit_rows(rules, lang)
    law = {d.id: d.limit for d in load_rules(regime).deadlines}
    for r in rows:
        r["default_limit"] = law[r["id"]]
        r["changed_for_project"] = r["id"] in own
    data = {"regime": regime.value, "limits": rows}
    lines = [
        f"{r['id']:<18} {r['step']:<28} {r['limit_text']:<22} "
        + ("[project setting] " if r["setting"] else "")
        + r["source_text"]
        for r in rows
    ]
    emit(args, data, f"regime: {regime.value}\n" + "\n".join(lines))
    return EXIT_OK


def register(sub) -> None:
    from ..core.model import Regime

    sp = add_command(
        sub,
        "limits",
        cmd_limits,
        "time limits of the workflow with their legal source; change project settings",
        examples="""
tl342 limits p.tl342
tl342 limits --regime land_law_2024 --markdown
""",
    )
    sp.add_argument("project", nargs="?", help="a project (its regime and own settings)")
    sp.add_argument("--regime", choices=[r.value for r in Regime], help="without a project")
    sp.add_argument(
        "--set",
        action="append",
        metavar="ID=N",
        help="change a project-setting limit (not one set by law), e.g. appraisal=20",
    )
    sp.add_argument("--markdown", action="store_true", help="print docs/legal_limits.md")
    json_flag(sp)
