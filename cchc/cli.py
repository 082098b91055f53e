"""Command line: ``python -m cchc {demo,rank,export,indices,units,resolve}``.

Errors are one clear line on stderr and a non-zero exit code:
2 for a wrong command line, 1 for bad or missing data.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

import polars as pl

from cchc import loading
from cchc.conventions import coverage_note, rank_move
from cchc.demo import build_demo
from cchc.definitions import load_definitions
from cchc.export import images, report, spreadsheets
from cchc.export.deck import deck_bytes
from cchc.export.handout import handout_pdf
from cchc.metadata import LeagueMeta
from cchc.names import resolve_names
from cchc.numbers import format_change, format_number
from cchc.placement import PlacementError, resolve_parent, resolve_units
from cchc.selection import League, Selection, SelectionError, league_for, scope_for
from cchc.store import Store
from cchc.units import search_units
from cchc.words import word


class CliError(Exception):
    """A user-facing error: printed as one line, exit code 1."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m cchc", description="CCHC indices: rankings, definitions, units.")
    p.add_argument("--data-dir", help="data folder (default: the bundled data/ or $CCHC_DATA_DIR)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="regenerate the bundled demo observations and catalogue")
    demo.add_argument("--out", help="write into this folder instead of the data folder")

    rank = sub.add_parser("rank", help="league table of one index for one period")
    _selection_args(rank)
    rank.add_argument("--format", choices=["table", "csv", "json"], default="table")

    export = sub.add_parser("export", help="export a chart, the table or a deck of one selection to a file",
                            description="The extension of --out picks the format: .png .svg .pdf .html (a chart), "
                                        ".csv .xlsx (the league table), .pptx (a 16:9 deck), and .pdf with "
                                        "--chart league (a print-ready handout of the whole deck).")
    _selection_args(export)
    export.add_argument("--chart", required=True, choices=CHARTS,
                        help="league (the table; with .pptx/.pdf the whole deck), bar, map, trend, profile")
    export.add_argument("--units", nargs="+", default=[], metavar="UNIT",
                        help="units for trend/profile (ids or names), highlighted on bar and map")
    export.add_argument("--size", choices=["16x9", "square"], default="16x9",
                        help="PNG/SVG/PDF chart size: 16x9 (1920×1080) or square (1080×1080); PNG at 2× resolution")
    export.add_argument("--out", required=True, help="output file; its extension picks the format")

    sub.add_parser("indices", help="list the index definitions").add_argument("--lang", choices=["vi", "en"], default="vi")

    units = sub.add_parser("units", help="search units by name or GSO code")
    units.add_argument("--search", required=True, help="text (diacritics optional) or a GSO code")
    units.add_argument("--geography", choices=["vn63", "vn34"])
    units.add_argument("--level")
    units.add_argument("--limit", type=int, default=20)

    resolve = sub.add_parser("resolve", help="map names as written in a file to unit ids")
    resolve.add_argument("names", nargs="+")
    resolve.add_argument("--geography", choices=["vn63", "vn34"])
    resolve.add_argument("--level")
    return p


CHARTS = ["league", "bar", "map", "trend", "profile"]


def _selection_args(p: argparse.ArgumentParser) -> None:
    """The options that choose one league table (shared by ``rank`` and ``export``)."""
    p.add_argument("--index", required=True, help="index id, e.g. papi, par, sipas, svc766")
    p.add_argument("--period", required=True, help="2023, 2025-Q3 or 2025-07")
    p.add_argument("--component", help="rank a component instead of the total, e.g. papi.6 or 6")
    p.add_argument("--level", help="province, district, commune, department, ministry (default: the index's first)")
    p.add_argument("--parent", help="only units under this parent (unit id or name)")
    p.add_argument("--region", help="only units of this region code")
    p.add_argument("--geography", choices=["vn63", "vn34"], help="as published (default) or on this geography")
    p.add_argument("--lang", choices=["vi", "en"], default="vi")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        handler = {"demo": cmd_demo, "rank": cmd_rank, "export": cmd_export, "indices": cmd_indices,
                   "units": cmd_units, "resolve": cmd_resolve}[args.command]
        handler(args)
    except (CliError, loading.DataFileError, ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    return 0


# ------------------------------------------------------------------ commands
def cmd_demo(args: argparse.Namespace) -> None:
    folder = loading.data_dir(args.out or args.data_dir)
    source = loading.data_dir(args.data_dir)
    frames, catalogue = build_demo(loading.load_units(source), loading.load_crosswalk(source),
                                   loading.load_index_dicts(source))
    for ds, frame in frames.items():
        loading.write_parquet(frame, folder / "observations" / f"{ds}.parquet")
        print(f"{ds}: {frame.height:,} rows -> {folder / 'observations' / (ds + '.parquet')}")
    loading.write_yaml(catalogue, folder / "datasets.yaml")
    print(f"catalogue: {len(catalogue)} datasets -> {folder / 'datasets.yaml'}")


def cmd_indices(args: argparse.Namespace) -> None:
    for d in load_definitions(args.data_dir).values():
        print(f"{d.id:<10} {d.title(d.id, args.lang)}")
        print(f"{'':<10} levels: {', '.join(d.levels)}; grain: {d.grain}; direction: {d.direction}; "
              f"scale {format_number(d.scale.min, 0, args.lang)}–{format_number(d.scale.max, 0, args.lang)} "
              f"{d.unit(args.lang)}; components: {len(d.children(d.id))}")


def cmd_units(args: argparse.Namespace) -> None:
    found = search_units(loading.load_units(args.data_dir), args.search, limit=args.limit,
                         geography=args.geography, level=args.level)
    if found.is_empty():
        raise CliError(f"no unit matches {args.search!r}")
    for row in found.iter_rows(named=True):
        print(f"{row['unit_id']:<28} {row['name_vi']:<40} {row['geography']}  {row['level']}")


def cmd_resolve(args: argparse.Namespace) -> None:
    out = resolve_names(args.names, loading.load_units(args.data_dir), geography=args.geography, level=args.level)
    for row in out.iter_rows(named=True):
        extra = "" if row["status"] == "matched" else "  candidates: " + ", ".join(row["candidates"] or [])
        print(f"{row['input']!r:<30} {row['status']:<10} {row['unit_id'] or ''}{extra}")


def cmd_rank(args: argparse.Namespace) -> None:
    league = league_of(args)
    table, meta = league.table, league.meta
    if args.format == "csv":
        sys.stdout.write(table.write_csv())
    elif args.format == "json":
        print(json.dumps({"meta": meta.to_dict(), "rows": table.to_dicts()}, ensure_ascii=False, indent=1, default=str))
    else:
        print(render_table(table, meta))


def league_of(args: argparse.Namespace, store: Store | None = None) -> League:
    """The league of ``rank``/``export``'s options (a parent may be given by name), checked against the data."""
    store = store or Store(args.data_dir)
    chosen = Selection(index=args.index, period=args.period, level=args.level, indicator=args.component,
                       geography=args.geography, region=args.region, lang=args.lang)
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


# ------------------------------------------------------------------ export
EXTENSIONS = (".png", ".svg", ".pdf", ".html", ".csv", ".xlsx", ".pptx")


def cmd_export(args: argparse.Namespace) -> None:
    """Write one export of the selection; the extension of ``--out`` picks the format."""
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if f".{fmt}" not in EXTENSIONS:
        raise CliError(f"unknown extension {out.suffix or '(none)'!r} of {out.name}; use one of {' '.join(EXTENSIONS)}")
    chart = args.chart
    if fmt in ("csv", "xlsx") and chart not in ("league", "bar"):
        raise CliError(f"--chart {chart} has no .{fmt} export: .csv and .xlsx hold the league table (--chart league)")
    if fmt in ("png", "svg", "html") and chart == "league":
        raise CliError(f"the league table exports as .csv, .xlsx, .pptx or .pdf (handout), not .{fmt}; "
                       "use --chart bar for a picture of the ranking")
    if chart in ("trend", "profile") and not args.units:
        raise CliError(f"--chart {chart} needs --units (unit ids or names)")
    store = Store(args.data_dir)
    league = league_of(args, store)
    try:
        unit_ids = resolve_units(args.units, store.units, league.scope.period_geography, league.selection.level)
    except PlacementError as exc:
        raise CliError(str(exc)) from None
    table, meta = league.table, league.meta
    if fmt == "csv":
        data = spreadsheets.csv_bytes(table, decimals=meta.decimals, lang=meta.lang, region_names=meta.region_names)
    elif fmt == "xlsx":
        data = spreadsheets.xlsx_bytes(table, meta)
    elif fmt == "pptx" or (fmt == "pdf" and chart == "league"):
        charts = ("bar", "map", "trend", "profile") if chart == "league" else (chart,)
        deck = report.deck_for(store, league, unit_ids=unit_ids, charts=charts, with_table=chart == "league")
        data = deck_bytes(deck) if fmt == "pptx" else handout_pdf(deck)
    else:
        fig = report.chart_for(store, league, chart, unit_ids=unit_ids)
        if fig is None:
            raise CliError(f"index {meta.index!r} has no components to draw a profile of")
        data = images.chart_bytes(fig, fmt, preset=args.size, lang=args.lang, demo=meta.demo)
    path = loading.write_bytes(out, data)
    print(f"{path} ({len(data):,} bytes)")


def render_table(table: pl.DataFrame, meta: LeagueMeta) -> str:
    """A plain-text league table with title, subtitle and source note."""
    dec, lang = meta.decimals, meta.lang
    head = [word(k, lang) for k in ("rank", "unit", "score", "change", "rank_change", "group", "note")]
    body = []
    for r in table.iter_rows(named=True):
        note = (coverage_note(r["n_used"], r["n_sources"], lang) if r["score"] is not None else r["reason"]) or ""
        body.append([
            "" if r["rank"] is None else str(r["rank"]),
            r["unit"],
            format_number(r["score"], dec, lang),
            format_change(r["change"], dec, lang),
            rank_move(r["rank_change"], r["moved"], lang),
            r["group_label"] or "",
            note,
        ])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)] if body else [len(h) for h in head]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).rjust(w) if i in (0, 2, 3, 4) else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    summary = (f"{word('ranked_summary', lang, ranked=meta.n_ranked, total=meta.n_units)}; "
               f"{word('mean_summary', lang, mean=format_number(meta.mean, dec, lang))}")
    out = [meta.title, meta.subtitle, "", line(head), line(["-" * w for w in widths])]
    out += [line(row) for row in body]
    out += ["", summary, meta.source_note]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
