"""``python -m cchc summary``: the written summary of a league table, or of one unit in it (``--unit``),
as a paragraph for a review report (:mod:`cchc.summaries`), from the same league as ``rank``."""

from __future__ import annotations

import argparse

from cchc.commands.options import CliError, league_of, selection_args, store_of
from cchc.placement import PlacementError, resolve_units
from cchc.summaries import league_summary, unit_summary

NAME = "summary"
HELP = "a paragraph for a report: a league table, or one unit in it (--unit)"


def arguments(parser: argparse.ArgumentParser) -> None:
    """The selection options of ``rank`` and ``--unit`` (an id or a name)."""
    selection_args(parser)
    parser.add_argument("--unit", help="summarise this unit (id or name) instead of the whole league")


def run(args: argparse.Namespace) -> None:
    """Print the paragraph (one line)."""
    store = store_of(args)
    league = league_of(args, store)
    if not args.unit:
        print(league_summary(league))
        return
    try:
        unit_id = resolve_units([args.unit], store.units, league.scope.period_geography, league.selection.level)[0]
    except PlacementError as exc:
        raise CliError(str(exc)) from None
    print(unit_summary(league, unit_id))
