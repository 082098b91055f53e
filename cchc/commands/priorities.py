"""``python -m cchc priorities``: what would lift one unit — each component's gaps to the peer median and the
best peer with the total and rank it would give, and the smallest single-component gain to the next group,
into the top N and past the next unit above (:mod:`cchc.priorities`).

The unit is given by id or by name on the level and boundaries of the period; peers are the units of the
same league (``--parent``/``--region`` narrow it, as for ``rank``).
"""

from __future__ import annotations

import argparse
import json

from cchc.captions import in_sentence
from cchc.commands.options import CliError, league_of, store_of
from cchc.numbers import format_number
from cchc.periods import period_label
from cchc.placement import PlacementError, resolve_units
from cchc.priorities import improvement_table, league_standing, next_steps, step_sentences, table_texts
from cchc.safety import neutralise_json
from cchc.words import word

NAME = "priorities"
HELP = "what would lift one unit: component gaps, and the smallest gain to the next group, the top N, the next unit"


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", required=True, help="index id, e.g. papi, par, sipas, svc766")
    p.add_argument("--period", required=True, help="2023, 2025-Q3 or 2025-07")
    p.add_argument("--unit", required=True, help="the unit: id (vn63:province:33) or name (Hung Yen)")
    p.add_argument("--level", help="province, district, commune, department, ministry (default: the index's first)")
    p.add_argument("--parent", help="peers only under this parent (unit id or name)")
    p.add_argument("--region", help="peers only in this region code")
    p.add_argument("--geography", choices=["vn63", "vn34"], help="as published (default) or on this geography")
    p.add_argument("--dataset", help="only this dataset's rows (default: imported rows where they exist, else bundled)")
    p.add_argument("--top", type=int, default=10, help="the N of 'into the top N' (default 10)")
    p.add_argument("--depth", type=int, choices=[1, 2], default=1, help="2 adds the sub-indicators to the table")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--lang", choices=["vi", "en"], default="vi")
    p.set_defaults(component=None)


def run(args: argparse.Namespace) -> None:
    if args.top < 1:
        raise CliError("--top must be at least 1")
    store = store_of(args)
    league = league_of(args, store)
    scope, lang = league.scope, args.lang
    try:
        unit_id = resolve_units([args.unit], store.units, scope.period_geography, scope.level)[0]
    except PlacementError as exc:
        raise CliError(str(exc)) from None
    if unit_id not in set(league.scoped["unit_id"].to_list()):
        raise CliError(f"unit {args.unit!r} is not among the {scope.level} units of {scope.index} {scope.period} "
                       f"on {scope.period_geography} (with these filters)")
    d = scope.definition
    st = league_standing(league, unit_id)
    table = improvement_table(st, depth=args.depth)
    steps = next_steps(st, top=args.top, depth=1)
    col = "short_en" if lang == "en" else "short_vi"
    names = dict(zip(store.units["unit_id"].to_list(), store.units[col].to_list()))
    name = names.get(unit_id, unit_id)
    sentences = step_sentences(steps, d, name, names=names, lang=lang,
                               period=in_sentence(period_label(scope.period, lang), lang))
    if args.format == "json":
        print(json.dumps(neutralise_json({
            "index": d.id, "period": scope.period, "unit_id": unit_id, "unit": name, "total": st.total,
            "rank": st.rank, "n_ranked": st.n_ranked, "components": table.to_dicts(), "steps": steps.to_dicts(),
            "sentences": sentences}), ensure_ascii=False, indent=1, default=str))
        return
    head, rows = table_texts(table, d, lang)
    rank = f"{st.rank}/{st.n_ranked}" if st.rank is not None else "–"
    standing_line = f"{word('score', lang)}: {format_number(st.total, d.decimals, lang)} · {word('rank', lang)}: {rank}"
    lines = [f"{d.short(lang)} — {word('prio.title', lang)}: {name}", league.meta.subtitle, standing_line, "",
             *_grid(head, rows), "", f"{word('prio.to_move_up', lang)}:", *(f"- {s}" for s in sentences), "",
             word("prio.intro", lang), league.meta.source_note]
    print("\n".join(lines))


def _grid(head: list[str], body: list[list[str]]) -> list[str]:
    """A plain-text table: the first column left-aligned, the numbers right-aligned."""
    rows = [head, *body]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    fmt = [lambda c, w, i=i: c.ljust(w) if i == 0 else c.rjust(w) for i in range(len(head))]
    out = ["  ".join(f(c, w) for f, c, w in zip(fmt, r, widths)).rstrip() for r in rows]
    return [out[0], "  ".join("-" * w for w in widths), *out[1:]]
