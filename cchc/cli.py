"""Command line: ``python -m cchc {demo,rank,indices,units,resolve}``.

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
    rank.add_argument("--index", required=True, help="index id, e.g. papi, par, sipas, svc766")
    rank.add_argument("--period", required=True, help="2023, 2025-Q3 or 2025-07")
    rank.add_argument("--component", help="rank a component instead of the total, e.g. papi.6 or 6")
    rank.add_argument("--level", help="province, district, commune, department, ministry (default: the index's first)")
    rank.add_argument("--parent", help="only units under this parent (unit id or name)")
    rank.add_argument("--region", help="only units of this region code")
    rank.add_argument("--geography", choices=["vn63", "vn34"], help="as published (default) or on this geography")
    rank.add_argument("--format", choices=["table", "csv", "json"], default="table")
    rank.add_argument("--lang", choices=["vi", "en"], default="vi")

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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        handler = {"demo": cmd_demo, "rank": cmd_rank, "indices": cmd_indices,
                   "units": cmd_units, "resolve": cmd_resolve}[args.command]
        handler(args)
    except (CliError, loading.DataFileError, ValueError) as exc:
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
    from cchc import captions
    from cchc.definitions import load_definitions
    from cchc.league import league_summary, league_table
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
    meta = {
        "index": d.id, "indicator": indicator, "period": args.period, "level": level, "geography": geography,
        "reexpressed": bool(at_period["reexpressed"].any()), "decimals": d.node(indicator).decimals,
        "title": captions.title(d, indicator, args.lang),
        "subtitle": captions.subtitle(d, period=args.period, level=level, geography=geography,
                                      reexpressed=bool(at_period["reexpressed"].any()), filters=filters,
                                      lang=args.lang),
        "source_note": captions.source_note(d, demo=any(e.get("demo") for e in entries), lang=args.lang),
        **league_summary(table),
    }
    return table, meta


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
