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
from cchc.numbers import format_change, format_number


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
    from cchc.demo import build_demo

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
    from cchc.definitions import load_definitions

    for d in load_definitions(args.data_dir).values():
        print(f"{d.id:<10} {d.title(d.id, args.lang)}")
        print(f"{'':<10} levels: {', '.join(d.levels)}; grain: {d.grain}; direction: {d.direction}; "
              f"scale {format_number(d.scale.min, 0, args.lang)}–{format_number(d.scale.max, 0, args.lang)} "
              f"{d.unit(args.lang)}; components: {len(d.children(d.id))}")


def cmd_units(args: argparse.Namespace) -> None:
    from cchc.units import search_units

    found = search_units(loading.load_units(args.data_dir), args.search, limit=args.limit,
                         geography=args.geography, level=args.level)
    if found.is_empty():
        raise CliError(f"no unit matches {args.search!r}")
    for row in found.iter_rows(named=True):
        print(f"{row['unit_id']:<28} {row['name_vi']:<40} {row['geography']}  {row['level']}")


def cmd_resolve(args: argparse.Namespace) -> None:
    from cchc.names import resolve_names

    out = resolve_names(args.names, loading.load_units(args.data_dir), geography=args.geography, level=args.level)
    for row in out.iter_rows(named=True):
        extra = "" if row["status"] == "matched" else "  candidates: " + ", ".join(row["candidates"] or [])
        print(f"{row['input']!r:<30} {row['status']:<10} {row['unit_id'] or ''}{extra}")


def cmd_rank(args: argparse.Namespace) -> None:
    table, meta = league_view(args)
    if args.format == "csv":
        sys.stdout.write(table.write_csv())
    elif args.format == "json":
        print(json.dumps({"meta": meta, "rows": table.to_dicts()}, ensure_ascii=False, indent=1, default=str))
    else:
        print(render_table(table, meta, args.lang))


def league_view(args: argparse.Namespace) -> tuple[pl.DataFrame, dict]:
    """Load what ``rank`` needs, check the arguments against the data, build the table."""
    view = _league_data(args)
    return view["table"], view["meta"]


def _league_data(args: argparse.Namespace) -> dict:
    """The league table of the selection with its meta, and what it was built from (definition, scores, units)."""
    from cchc.definitions import load_definitions
    from cchc.export.meta import league_meta
    from cchc.league import league_table
    from cchc.periods import parse_period, sort_periods
    from cchc.scores import index_scores

    defs = load_definitions(args.data_dir)
    if args.index not in defs:
        raise CliError(f"unknown index {args.index!r}; known: {', '.join(sorted(defs))}")
    d = defs[args.index]
    parse_period(args.period)
    level = args.level or d.levels[0]
    if level not in d.levels:
        raise CliError(f"index {d.id!r} scores {', '.join(d.levels)}, not {level!r}")
    indicator = d.id
    if args.component:
        indicator = args.component if args.component.startswith(d.id) else f"{d.id}.{args.component}"
        if indicator not in d:
            raise CliError(f"index {d.id!r} has no component {args.component!r}")
    entries = [e for e in loading.load_catalogue(args.data_dir) if d.id in e["indices"]]
    if not entries:
        raise CliError(f"no bundled dataset has index {d.id!r}")
    obs = pl.concat([loading.load_observations(e["file"], args.data_dir) for e in entries], how="vertical")
    units = loading.load_units(args.data_dir)
    scores = index_scores(obs, d, units, loading.load_crosswalk(args.data_dir), level=level, geography=args.geography)
    at_period = scores.filter(pl.col("period") == args.period)
    if at_period.is_empty():
        available = sort_periods(scores["period"].unique().to_list())
        where = f" on {args.geography}" if args.geography else ""
        raise CliError(f"no {d.id} data at {level} level for period {args.period}{where}; "
                       f"available: {', '.join(available) if available else 'none'}")
    geography = at_period["geography"][0]
    parent_id = _resolve_parent(args.parent, units, geography, level) if args.parent else None
    table = league_table(scores, units, d, period=args.period, level=level, indicator_id=indicator,
                         parent_id=parent_id, region=args.region, lang=args.lang)
    if table.is_empty():
        raise CliError("no units match these filters")
    filters = [f for f in (_unit_name(units, parent_id, args.lang), args.region) if f]
    meta = league_meta(d, table=table, indicator=indicator, period=args.period, level=level, geography=geography,
                       reexpressed=bool(at_period["reexpressed"].any()), filters=filters,
                       demo=any(e.get("demo") for e in entries), lang=args.lang,
                       region_names=_region_names(args.data_dir, args.lang))
    return {"table": table, "meta": meta, "definition": d, "scores": scores, "units": units, "level": level,
            "geography": geography}


def _region_names(data_dir: str | None, lang: str) -> dict[str, str]:
    from cchc.units import regions_frame

    try:
        frame = regions_frame(loading.read_yaml(loading.data_dir(data_dir) / "regions.yaml"))
    except loading.DataFileError:
        return {}
    return dict(zip(frame["code"], frame[lang]))


# ------------------------------------------------------------------ export
EXTENSIONS = (".png", ".svg", ".pdf", ".html", ".csv", ".xlsx", ".pptx")


def cmd_export(args: argparse.Namespace) -> None:
    """Write one export of the selection; the extension of ``--out`` picks the format."""
    from cchc.export import images, report, tables
    from cchc.export.deck import deck_bytes, handout_pdf

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
    view = _league_data(args)
    table, meta = view["table"], view["meta"]
    unit_ids = _resolve_units(args.units, view["units"], view["geography"], view["level"])
    if fmt == "csv":
        data = tables.csv_bytes(table, decimals=meta["decimals"], lang=args.lang, region_names=meta["region_names"])
    elif fmt == "xlsx":
        data = tables.xlsx_bytes(table, meta)
    elif fmt == "pptx" or (fmt == "pdf" and chart == "league"):
        geojson = _boundaries(view["geography"], args.data_dir, required=meta["level"] == "province")
        charts = ("bar", "map", "trend", "profile") if chart == "league" else (chart,)
        deck = report.build_deck(table, meta, definition=view["definition"], scores=view["scores"],
                                 units=view["units"], geojson=geojson, unit_ids=unit_ids, charts=charts)
        if chart != "league":
            deck.table = None
        data = deck_bytes(deck) if fmt == "pptx" else handout_pdf(deck)
    else:
        fig = _chart_figure(chart, view, unit_ids, args.data_dir)
        data = images.chart_bytes(fig, fmt, preset=args.size, lang=args.lang, demo=meta["demo"])
    path = loading.write_bytes(out, data)
    print(f"{path} ({len(data):,} bytes)")


def _chart_figure(chart: str, view: dict, unit_ids: list[str], data_dir: str | None):
    from cchc.export import report

    table, meta = view["table"], view["meta"]
    if chart == "bar":
        return report.bar_chart(table, meta, highlight=unit_ids or None)
    if chart == "map":
        geojson = _boundaries(view["geography"], data_dir, required=meta["level"] == "province")
        return report.map_chart(table, meta, geojson=geojson, units=view["units"], highlight=unit_ids or None)
    if chart == "trend":
        return report.trend_chart(view["scores"], view["units"], unit_ids, meta, view["definition"])
    prof = report.profile(view["scores"], view["units"], unit_ids[0], meta, view["definition"], chart_labels="name")
    if prof.figure is None:
        raise CliError(f"index {meta['index']!r} has no components to draw a profile of")
    return prof.figure


def _boundaries(geography: str, data_dir: str | None, *, required: bool = True) -> dict | None:
    """Province boundaries of ``geography``: the map itself, or (below province level) context outlines."""
    try:
        return loading.load_geojson(f"provinces_{geography}", data_dir)
    except loading.DataFileError:
        if required:
            raise
        return None


def _resolve_units(texts: list[str], units: pl.DataFrame, geography: str, level: str) -> list[str]:
    """Unit ids of ``--units`` given as ids or names, on the table's geography and level."""
    from cchc.names import resolve_names

    ids = set(units["unit_id"])
    out = []
    for text in texts:
        if text in ids:
            out.append(text)
            continue
        found = resolve_names([text], units, geography=geography, level=level).row(0, named=True)
        if found["status"] != "matched":
            extra = f" (candidates: {', '.join(found['candidates'])})" if found.get("candidates") else ""
            raise CliError(f"unit {text!r} is {found['status']} among {level} units on {geography}{extra}")
        out.append(found["unit_id"])
    return out


PARENT_LEVELS = {"commune": ("district", "province"), "district": ("province",),
                 "department": ("province",), "province": ()}


def _resolve_parent(text: str, units: pl.DataFrame, geography: str, level: str) -> str:
    """A parent given as an id or a name; names are looked up among the levels above ``level``."""
    from cchc.names import resolve_names

    if text in set(units["unit_id"]):
        return text
    candidates: list[str] = []
    for parent_level in PARENT_LEVELS.get(level, ()):
        found = resolve_names([text], units, geography=geography, level=parent_level).row(0, named=True)
        candidates += [found["unit_id"]] if found["status"] == "matched" else list(found["candidates"] or [])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise CliError(f"parent {text!r} not found among {' or '.join(PARENT_LEVELS.get(level, ())) or 'parents'} "
                       f"on {geography}")
    raise CliError(f"parent {text!r} is ambiguous on {geography} (candidates: {', '.join(candidates)})")


def _unit_name(units: pl.DataFrame, unit_id: str | None, lang: str) -> str | None:
    if not unit_id:
        return None
    row = units.filter(pl.col("unit_id") == unit_id)
    return row["short_vi" if lang == "vi" else "short_en"][0] if row.height else unit_id


def render_table(table: pl.DataFrame, meta: dict, lang: str) -> str:
    """A plain-text league table with title, subtitle and source note."""
    dec = meta["decimals"]
    vi = lang == "vi"
    head = ["Hạng", "Đơn vị", "Điểm", "Thay đổi", "± hạng", "Nhóm", "Ghi chú"] if vi else \
        ["Rank", "Unit", "Score", "Change", "± rank", "Group", "Note"]
    body = []
    for r in table.iter_rows(named=True):
        arrow = {"up": "▲", "down": "▼", "same": "=", "new": "mới" if vi else "new"}.get(r["moved"] or "", "")
        rank_change = f"{arrow}{abs(r['rank_change'])}" if r["rank_change"] not in (None, 0) else arrow
        note = r["reason"] or ""
        if r["coverage"] and r["score"] is not None and r["coverage"].split("/")[0] != r["coverage"].split("/")[1]:
            note = (f"tính trên {r['coverage']} đơn vị cũ" if vi else f"from {r['coverage']} old units")
        body.append([
            "" if r["rank"] is None else str(r["rank"]),
            r["unit"],
            format_number(r["score"], dec, lang),
            format_change(r["change"], dec, lang),
            rank_change,
            r["group_label"] or "",
            note,
        ])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)] if body else [len(h) for h in head]
    line = lambda cells: "  ".join(  # noqa: E731
        str(c).rjust(w) if i in (0, 2, 3, 4) else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
    ).rstrip()
    summary = (f"{meta['n_ranked']}/{meta['n_units']} đơn vị được xếp hạng; trung bình {format_number(meta['mean'], dec, lang)}"
               if vi else f"{meta['n_ranked']}/{meta['n_units']} units ranked; mean {format_number(meta['mean'], dec, lang)}")
    out = [meta["title"], meta["subtitle"], "", line(head), line(["-" * w for w in widths])]
    out += [line(row) for row in body]
    out += ["", summary, meta["source_note"]]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
