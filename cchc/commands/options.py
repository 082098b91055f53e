"""Options and helpers the commands share: the selection of one league table (``rank``, ``export`` and the
commands of :mod:`cchc.commands`), the store the command line reads, and the user-facing error."""

from __future__ import annotations

import argparse

from cchc.archive import import_dir
from cchc.placement import PlacementError, resolve_parent
from cchc.selection import League, Selection, SelectionError, league_for, scope_for
from cchc.store import Store


class CliError(Exception):
    """A user-facing error: printed as one line, exit code 1."""


def selection_args(p: argparse.ArgumentParser) -> None:
    """The options that choose one league table (shared by ``rank`` and ``export``)."""
    p.add_argument("--index", required=True, help="index id, e.g. papi, par, sipas, svc766")
    p.add_argument("--period", required=True,
                   help="2023, 2025-Q3 or 2025-07; for a monthly index (svc766) also a range summed over its months: "
                        "2025-Q3, 2025, 2025-YTD (year to date) or 2025-07..2025-12")
    p.add_argument("--component", help="rank a component instead of the total, e.g. papi.6 or 6")
    p.add_argument("--level", help="province, district, commune, department, ministry (default: the index's first)")
    p.add_argument("--parent", help="only units under this parent (unit id or name)")
    p.add_argument("--region", help="only units of this region code")
    p.add_argument("--geography", choices=["vn63", "vn34"], help="as published (default) or on this geography")
    p.add_argument("--dataset", help="only this dataset's rows (default: imported rows where they exist, else bundled)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi")


def store_of(args: argparse.Namespace) -> Store:
    """The bundled data with the import folder's datasets beside them (restricted ones included)."""
    return Store(args.data_dir, imported=import_dir(args.import_dir), restricted=True)


def league_of(args: argparse.Namespace, store: Store | None = None) -> League:
    """The league of ``rank``/``export``'s options (a parent may be given by name), checked against the data."""
    store = store or store_of(args)
    chosen = Selection(index=args.index, period=args.period, level=args.level, indicator=args.component,
                       geography=args.geography, region=args.region, lang=args.lang,
                       dataset=getattr(args, "dataset", None))
    try:
        scope = scope_for(store, chosen)
        if args.parent:
            parent = resolve_parent(args.parent, store.units, scope.period_geography, scope.level)
            scope = scope.narrowed(parent=parent)
    except (SelectionError, PlacementError) as exc:
        raise CliError(str(exc)) from None
    league = league_for(store, scope)
    if league.table.is_empty():
        raise CliError("no units match these filters")
    return league


