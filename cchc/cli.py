"""Command line: ``python -m cchc {demo,rank,export,indices,units,resolve,import,history,rollback,users}``.

Errors are one clear line on stderr and a non-zero exit code:
2 for a wrong command line, 1 for bad or missing data.

Imported data live in the import folder (``--import-dir``, default
``$CCHC_IMPORT_DIR`` or ``var/imported/``; see :mod:`cchc.archive`), read by
``rank`` and ``export`` beside the bundled data — restricted datasets too: the
command line is run by someone who can read the folder anyway. ``import``
writes into the dataset ``--dataset``, by default ``real-<index>`` (e.g.
``real-papi``), as the user ``--user`` (default ``$USER``).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from pathlib import Path
from typing import Sequence

import polars as pl

from cchc import loading
from cchc.accounts import ROLES
from cchc.archive import Archive, Version, check_id, import_dir
from cchc import commands
from cchc.checks import check_folder
from cchc.commands.options import CliError, league_of, selection_args, store_of
from cchc.conventions import coverage_note, rank_move
from cchc.demo import build_demo
from cchc.demo.country import build_national
from cchc.definitions import load_definitions
from cchc.export import images, report, spreadsheets
from cchc.export.deck import deck_bytes
from cchc.export.handout import handout_pdf
from cchc.intake.mapping import mapping_from_dict, mapping_to_dict
from cchc.intake.pipeline import Options, Plan, plan_import
from cchc.metadata import LeagueMeta
from cchc.names import resolve_names
from cchc.numbers import format_change, format_number
from cchc.periods import sort_periods
from cchc.safety import neutralise_frame, neutralise_json
from cchc.store import UnknownDatasetError, UnknownIndexError
from cchc.placement import PlacementError, resolve_units
from cchc.units import search_units
from cchc.words import word



def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m cchc", description="CCHC indices: rankings, definitions, units.")
    p.add_argument("--data-dir", help="data folder (default: the bundled data/ or $CCHC_DATA_DIR)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="regenerate the bundled demo observations and catalogue",
                          description="--scale demo (default) regenerates the bundled demo data; --scale national "
                                      "writes a whole data folder (--out, required) with the monthly one-stop counts "
                                      "of every commune of the country (cchc/demo/country.py).")
    demo.add_argument("--out", help="write into this folder instead of the data folder")
    demo.add_argument("--scale", choices=["demo", "national"], default="demo",
                      help="demo: the bundled data; national: every commune, monthly 2018-2026 (~20 M rows)")
    demo.add_argument("--communes", type=int, help="national: keep this many new communes and their predecessors")
    demo.add_argument("--months", type=int, help="national: keep only the last this many months")

    rank = sub.add_parser("rank", help="league table of one index for one period")
    selection_args(rank)
    rank.add_argument("--format", choices=["table", "csv", "json"], default="table")

    export = sub.add_parser("export", help="export a chart, the table or a deck of one selection to a file",
                            description="The extension of --out picks the format: .png .svg .pdf .html (a chart), "
                                        ".csv .xlsx (the league table), .pptx (a 16:9 deck), and .pdf with "
                                        "--chart league (a print-ready handout of the whole deck).")
    selection_args(export)
    export.add_argument("--chart", required=True, choices=CHARTS,
                        help="league (the table; with .pptx/.pdf the whole deck), bar, map, trend, profile")
    export.add_argument("--units", nargs="+", default=[], metavar="UNIT",
                        help="units for trend/profile (ids or names), highlighted on bar and map")
    export.add_argument("--size", choices=["16x9", "square"], default="16x9",
                        help="PNG/SVG/PDF chart size: 16x9 (1920×1080) or square (1080×1080); PNG at 2× resolution")
    export.add_argument("--out", required=True, help="output file; its extension picks the format")

    sub.add_parser("indices", help="list the index definitions").add_argument("--lang", choices=["vi", "en"], default="vi")
    sub.add_parser("check", help="check every definition, reference, dataset and boundary file (exit 1 on errors)")

    units = sub.add_parser("units", help="search units by name or GSO code")
    units.add_argument("--search", required=True, help="text (diacritics optional) or a GSO code")
    units.add_argument("--geography", choices=["vn63", "vn34"])
    units.add_argument("--level")
    units.add_argument("--limit", type=int, default=20)

    resolve = sub.add_parser("resolve", help="map names as written in a file to unit ids")
    resolve.add_argument("names", nargs="+")
    resolve.add_argument("--geography", choices=["vn63", "vn34"])
    resolve.add_argument("--level")

    imp = sub.add_parser("import", help="check a table (CSV, XLSX, XLS) and import it as a new version of a dataset",
                         description="Prints the validation report. Exit 0 when imported (with --dry-run: when "
                                     "clean), 1 when errors remain or warnings were not accepted.")
    imp.add_argument("file", help="the table to import")
    imp.add_argument("--index", help="index id, see `indices` (default: recognised from the title, headers and "
                                      "values; asked for when several fit)")
    imp.add_argument("--period", help="2023, 2025-Q3 or 2025-07 (default: from the title or a period column)")
    imp.add_argument("--parent", help="parent unit of the units listed, by id or by name "
                                       "(default: from the title or the names)")
    imp.add_argument("--sheet", help="sheet name (default: the first sheet with a table)")
    imp.add_argument("--mapping", metavar="M", help="reuse the saved mapping M (when the table has the same shape)")
    imp.add_argument("--save-mapping", metavar="M", help="save this import's mapping as M")
    imp.add_argument("--dataset", metavar="D", help="dataset id (default: real-<index>, e.g. real-papi)")
    imp.add_argument("--user", help="who imports (default: $USER)")
    imp.add_argument("--accept-warnings", action="store_true", help="import despite warnings (errors always stop)")
    imp.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    imp.add_argument("--lang", choices=["vi", "en"], default="vi")

    history = sub.add_parser("history", help="versions of the imported datasets, newest first (* = current)")
    history.add_argument("--dataset", help="only this dataset")
    rollback = sub.add_parser("rollback", help="make an earlier version current again (itself a new version)")
    rollback.add_argument("version", help="a version id such as real-papi@2 (see `history`)")
    rollback.add_argument("--user", help="who rolls back (default: $USER)")
    users = sub.add_parser("users", help="local accounts of the dashboard (users.yaml of the import folder)")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add an account (password asked twice, or read from stdin)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    actions.add_parser("remove", help="remove an account").add_argument("name")
    actions.add_parser("list", help="list the accounts (names and roles, never the hashes)")
    for command in commands.ALL:
        command.arguments(sub.add_parser(command.NAME, help=command.HELP))
    for parser in [p, *sub.choices.values(), *actions.choices.values()]:
        parser.add_argument("--import-dir", default=None if parser is p else argparse.SUPPRESS,
                            help="import folder (default: $CCHC_IMPORT_DIR or var/imported/)")
    return p


CHARTS = ["league", "bar", "map", "trend", "profile"]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        handler = {"demo": cmd_demo, "rank": cmd_rank, "export": cmd_export, "indices": cmd_indices,
                   "units": cmd_units, "resolve": cmd_resolve, "import": cmd_import, "history": cmd_history,
                   "rollback": cmd_rollback, "users": cmd_users, "check": cmd_check,
                   **{command.NAME: command.run for command in commands.ALL}}[args.command]
        handler(args)
    except (CliError, loading.DataFileError, ValueError, RuntimeError,
            UnknownIndexError, UnknownDatasetError) as exc:   # lookups of a name the user gave
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    return 0


# ------------------------------------------------------------------ commands
def cmd_demo(args: argparse.Namespace) -> None:
    if args.scale == "national":
        return cmd_demo_national(args)
    if args.communes is not None or args.months is not None:
        raise CliError("--communes and --months need --scale national")
    folder = loading.data_dir(args.out or args.data_dir)
    source = loading.data_dir(args.data_dir)
    frames, catalogue = build_demo(loading.load_units(source), loading.load_crosswalk(source),
                                   loading.load_index_dicts(source))
    for ds, frame in frames.items():
        loading.write_parquet(frame, folder / "observations" / f"{ds}.parquet")
        print(f"{ds}: {frame.height:,} rows -> {folder / 'observations' / (ds + '.parquet')}")
    loading.write_yaml(catalogue, folder / "datasets.yaml")
    print(f"catalogue: {len(catalogue)} datasets -> {folder / 'datasets.yaml'}")


def cmd_demo_national(args: argparse.Namespace) -> None:
    """The national-scale demo data folder (cchc/demo/country.py), written month by month."""
    if not args.out:
        raise CliError("--scale national needs --out DIR (a folder of its own; the bundled data stay as they are)")
    start = time.perf_counter()

    def progress(month: str, n: int) -> None:
        if month.endswith("-12") or month == "2025-06":
            print(f"  onestop {month}: {n:,} rows/month ({time.perf_counter() - start:.0f} s)", flush=True)

    rows = build_national(loading.data_dir(args.data_dir), Path(args.out), communes_kept=args.communes,
                          months_kept=args.months, progress=progress)
    for ds, n in rows.items():
        print(f"{ds}: {n:,} rows -> {Path(args.out) / 'observations' / (ds + '.parquet')}")
    print(f"national demo data: {sum(rows.values()):,} rows in {time.perf_counter() - start:.1f} s -> {args.out}")


def cmd_check(args: argparse.Namespace) -> None:
    """One line per finding (severity, part, file, message), then a count; exit 1 when any is an error."""
    found = check_folder(args.data_dir)
    for f in found:
        print(f"{f.severity:<8} {f.part:<11} {f.name:<24} {f.message}")
    errors = sum(f.severity == "error" for f in found)
    print(f"{errors} error(s), {len(found) - errors} warning(s)")
    if errors:
        raise CliError(f"{errors} error(s) in the data folder")


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
    if args.format == "csv":  # formula-like unit names are neutralised, as in every export
        sys.stdout.write(neutralise_frame(table).write_csv())
    elif args.format == "json":
        print(json.dumps(neutralise_json({"meta": meta.to_dict(), "rows": table.to_dicts()}), ensure_ascii=False,
                         indent=1, default=str))
    else:
        print(render_table(table, meta))


# ------------------------------------------------------------------ imported data
def cmd_import(args: argparse.Namespace) -> None:
    """Check a file with :func:`cchc.intake.pipeline.plan_import`; write it with :meth:`Archive.write` when clean."""
    archive, store = Archive(import_dir(args.import_dir)), store_of(args)
    user = "" if args.dry_run else _user(args)  # known before the file is read: a real import needs it
    for name, what in ((args.dataset, "dataset"), (args.save_mapping, "mapping")):
        if name is not None:
            check_id(name, what)
    saved = mapping_from_dict(archive.load_mapping(args.mapping)) if args.mapping else None
    data, name = loading.read_bytes(args.file), Path(args.file).name
    plan = plan_import(data, name, store, Options(index=args.index, period=args.period, parent=args.parent,
                                                  sheet=args.sheet, mapping=saved, lang=args.lang))
    print(render_report(plan, args.lang))
    errors, warnings = plan.report.errors, plan.report.warnings
    if errors:
        where = ", ".join(str(x) for x in (errors[0].row and f"row {errors[0].row}", errors[0].column) if x)
        raise CliError(f"not imported: {len(errors)} error(s) in {name}" + (f", the first at {where}" if where else "")
                       + "; correct the file or the mapping")
    if warnings and not args.accept_warnings:
        raise CliError(f"not imported: {len(warnings)} warning(s); check them, then run again with --accept-warnings")
    dataset = args.dataset or f"real-{plan.mapping.index}"
    if dataset in {e["id"] for e in store.catalogue if not e.get("imported")}:
        raise CliError(f"{dataset!r} is a bundled dataset; choose another --dataset")
    if args.dry_run:
        print(f"dry run: nothing written (the import would go into {dataset})")
        return
    version = archive.write(dataset, plan.report.observations, index=plan.mapping.index, user=user, file_name=name,
                            data=data, mapping=mapping_to_dict(plan.mapping))
    if args.save_mapping:
        archive.save_mapping(args.save_mapping, mapping_to_dict(plan.mapping))
    periods = ", ".join(sort_periods(plan.report.observations["period"].unique().to_list()))
    print(word("import.done", args.lang, version=version.id, rows=format_number(version.rows, 0, args.lang),
               periods=periods))
    print(f"{version.dataset}: {version.total_rows:,} rows in all")


def render_report(plan: Plan, lang: str = "vi") -> str:
    """The validation report as text: the problems (severity, file row, column, message → suggestions),
    a summary, then the notes of what was inferred from the file."""
    report = plan.report
    out = []
    if report.problems:
        head = [word(f"import.col_{k}", lang) for k in ("severity", "row", "column", "message")]
        body = [[word(f"import.severity.{p.severity}", lang), "" if p.row is None else p.row, p.column or "",
                 p.message + (f" → {', '.join(p.suggestions)}" if p.suggestions else "")] for p in report.problems]
        out += [*_grid(head, body, right=(1,)), ""]
    out.append(word("import.summary", lang, rows=format_number(report.n_rows, 0, lang),
                    obs=format_number(report.observations.height, 0, lang), errors=len(report.errors),
                    warnings=len(report.warnings)))
    return "\n".join(out + [f"- {note}" for note in plan.notes])


def _user(args: argparse.Namespace) -> str:
    """``--user``, else ``$USER``, else the login name of the process."""
    try:
        return args.user or os.environ.get("USER") or getpass.getuser()
    except (OSError, KeyError):  # no $LOGNAME/$USER and no passwd entry
        raise CliError("say who acts: --user NAME (or set $USER)") from None


def _version_rows(found: Sequence[Version]) -> list[list[object]]:
    return [[v.id + (" *" if v.current else ""), v.created, v.action + (f" ← {v.restored}" if v.restored else ""),
             v.user, v.rows, v.total_rows, v.file_name, v.sha256[:12]] for v in found]


def cmd_history(args: argparse.Namespace) -> None:
    found = Archive(import_dir(args.import_dir)).history(args.dataset)
    if not found:
        print(f"no imported data in {import_dir(args.import_dir)}")
        return
    print("\n".join(_grid(["version", "created", "action", "user", "rows", "total", "file", "sha256"],
                          _version_rows(found), right=(4, 5))))


def cmd_rollback(args: argparse.Namespace) -> None:
    version = Archive(import_dir(args.import_dir)).rollback(args.version, user=_user(args))
    print(f"{version.id}: {args.version} is current again ({version.total_rows:,} rows)")


def cmd_users(args: argparse.Namespace) -> None:
    archive = Archive(import_dir(args.import_dir))
    if args.action == "list":
        found = archive.users()
        print("\n".join(_grid(["name", "role", "created"], [[u["name"], u["role"], u["created"]] for u in found]))
              if found else f"no local accounts in {archive.folder}")
    elif args.action == "remove":
        archive.remove_user(args.name)
        print(f"removed {args.name}")
    else:
        archive.add_user(args.name, _password(args.password_stdin), args.role)
        print(f"added {args.name} ({args.role})")


def _password(from_stdin: bool) -> str:
    """The new password: the first line of stdin, or asked twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise CliError("the two passwords differ")
    return first


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
    store = store_of(args)
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
    grid = _grid(head, body, right=(0, 2, 3, 4))
    summary = (f"{word('ranked_summary', lang, ranked=meta.n_ranked, total=meta.n_units)}; "
               f"{word('mean_summary', lang, mean=format_number(meta.mean, dec, lang))}")
    return "\n".join([meta.title, meta.subtitle, "", *grid, "", summary, meta.source_note])


def _grid(head: Sequence[str], body: Sequence[Sequence[object]], right: Sequence[int] = ()) -> list[str]:
    """Lines of a plain-text table: the header, a rule, the rows; columns ``right`` aligned right."""
    rows = [[str(c) for c in row] for row in [head, ["-" * len(h) for h in head], *body]]
    widths = [max(len(c) for c in col) for col in zip(*rows)]
    rows[1] = ["-" * w for w in widths]
    return ["  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()
            for row in rows]


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
