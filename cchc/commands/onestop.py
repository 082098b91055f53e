"""``python -m cchc onestop``: the one-stop statistics behind the 766 index (:mod:`cchc.onestop`) —
each unit's dossiers received, resolved early / on time / late, pending, digitised, paid online, rated
satisfied, and their shares, for a month or a range, ranked by one share, with the "Tổng cộng" row.

``--format table`` prints the main columns in the chosen language (``1.800``, ``97,5%``, "không phát
sinh"); ``csv`` and ``json`` give every column, formula-like text neutralised (:mod:`cchc.safety`).
"""

from __future__ import annotations

import argparse
import json
import sys

from cchc.commands.options import CliError, store_of
from cchc.folding import fold
from cchc.onestop import (LEVELS, SHARE_BY, TERMINAL_COUNTS, TERMINAL_SHARES, INDEX, OnestopChoice, display_frame,
                          export_frame, onestop_for, parent_choices, period_months)
from cchc.safety import neutralise_frame, neutralise_json, shorten
from cchc.store import Store

NAME = "onestop"
HELP = "one-stop dossier counts and shares per unit (the figures behind the 766 index)"


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", required=True,
                   help="a month (2025-07), a quarter (2025-Q3), a year (2025), 2025-YTD or 2025-07..2025-12")
    p.add_argument("--level", choices=LEVELS, default="commune", help="commune (default), district or province")
    p.add_argument("--parent", help="only units under this district or province (unit id or name)")
    p.add_argument("--by", default="on_time_share", choices=list(SHARE_BY), help="the share to rank by")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--lang", choices=["vi", "en"], default="vi")
    p.add_argument("--dataset", help="only this dataset's rows")


def parent_of(store: Store, text: str, period: str, level: str, dataset: str | None) -> str:
    """A parent given as a unit id or a name, among the districts and provinces above the units with figures."""
    months = period_months(period, store.periods_with_data(INDEX, dataset))
    ids = store.period_rows(INDEX, list(months), dataset)["unit_id"].unique().to_list()
    options = parent_choices(store.units, ids, level)
    if text in options:
        return text
    folded = fold(text)
    found = [u for u in options if folded in (fold(store.unit_name(u, "vi") or ""), fold(store.unit_name(u, "en") or ""))]
    if len(found) != 1:
        names = ", ".join(f"{store.unit_name(u)} ({u})" for u in (found or options))
        what = "is ambiguous" if found else "is not a district or province with figures"
        raise CliError(f"parent {shorten(text)!r} {what} for {level} units in {shorten(period)}; choose one of: {names}")
    return found[0]


def run(args: argparse.Namespace) -> None:
    store = store_of(args)
    try:
        parent = parent_of(store, args.parent, args.period, args.level, args.dataset) if args.parent else None
        view = onestop_for(store, OnestopChoice(args.period, args.level, parent, args.by, args.lang, args.dataset))
    except LookupError as exc:
        raise CliError(str(exc).strip("'\"")) from None
    if view.table.is_empty():
        raise CliError("no units with one-stop figures match these options")
    if args.format == "csv":
        sys.stdout.write(neutralise_frame(export_frame(view)).write_csv(null_value=""))
    elif args.format == "json":
        meta = {"title": view.title, "subtitle": view.subtitle, "source": view.source, "period": args.period,
                "months": list(view.months), "missing_months": list(view.missing), "level": args.level,
                "parent": parent, "by": args.by, "demo": view.demo}
        rows = [{k: v for k, v in r.items() if k != "label"} for r in view.table.to_dicts()]
        total = {k: v for k, v in view.total.to_dicts()[0].items() if k not in ("label", "unit_id", "rank", "n_ranked")}
        print(json.dumps(neutralise_json({"meta": meta, "rows": rows, "total": total}), ensure_ascii=False, indent=1))
    else:
        shown = display_frame(view, counts=TERMINAL_COUNTS, shares=TERMINAL_SHARES)
        print(view.title)
        print(view.subtitle)
        print()
        print(text_table(shown))
        print()
        print(view.source)


def text_table(frame) -> str:
    """A frame of text as aligned columns (names left, figures right), the last row (the total) under a rule."""
    cols = frame.columns
    rows = [list(r) for r in frame.iter_rows()]
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(cols)]
    left = {1}

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    out = [line(cols), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows[:-1]]
    out += ["  ".join("-" * w for w in widths), line(rows[-1])]
    return "\n".join(out)
