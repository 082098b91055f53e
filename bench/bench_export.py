"""Benchmark: chart export with the kept-running kaleido browser, and building a 10-slide deck.

    .venv/bin/python bench/bench_export.py [--repeat R] [--reference R]

Exports the PAPI 2023 ranked bars (63 provinces; a plain captioned bar chart
of the same table if ``cchc.figures.bars`` is missing) as a 16:9 PNG
(1920×1080 at scale 2):

* cold — the first export of the process: starts Chromium, then renders;
* warm — the next exports, on the same kept-running browser (median of R);
* reference — ``plotly.io.to_image`` per call, which starts and stops a fresh
  browser every time (median of the reference runs);

then builds the PAPI 2023 deck for Hà Nội and Huế (title, 4 league-table
slides, ranked bars, map, trend, 2 profiles = 10 slides) and its PDF handout.
Figures are printed, never asserted (see bench/README.md).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cchc.export import images  # noqa: E402
from cchc.export.deck import deck_bytes  # noqa: E402
from cchc.export.handout import handout_pdf  # noqa: E402
from cchc.export.report import bar_chart, deck_for  # noqa: E402
from cchc.selection import Selection, league_for  # noqa: E402
from cchc.store import Store  # noqa: E402
from pptx import Presentation  # noqa: E402

SIZE = images.PRESETS["16x9"]


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=5, help="warm exports to time (median)")
    p.add_argument("--reference", type=int, default=3, help="plotly.io.to_image calls to time (median)")
    args = p.parse_args()

    store = Store()
    league = league_for(store, Selection(index="papi", period="2023"))
    table, meta = league.table, league.meta
    fig, what = bar_chart(table, meta), "ranked bars (cchc.figures.bars)"
    stamped = images.stamp_figure(fig, demo=True, width=SIZE.width)

    def export():
        return images.figure_bytes(stamped, "png", width=SIZE.width, height=SIZE.height, scale=SIZE.scale)

    assert not images.browser_running()
    cold, png = timed(export)
    warm_runs = [timed(export)[0] for _ in range(args.repeat)]
    warm = statistics.median(warm_runs)

    import plotly.io as pio

    ref_fig = images.go.Figure(images._figure_dict(stamped))
    ref_runs = [timed(lambda: pio.to_image(ref_fig, format="png", width=SIZE.width, height=SIZE.height,
                                           scale=SIZE.scale))[0] for _ in range(args.reference)]
    ref = statistics.median(ref_runs)

    units = ["vn63:province:01", "vn63:province:46"]
    t_content, deck = timed(lambda: deck_for(store, league, unit_ids=units))
    t_deck, pptx = timed(lambda: deck_bytes(deck))
    t_pdf, pdf = timed(lambda: handout_pdf(deck))
    n_slides = len(Presentation(io.BytesIO(pptx)).slides)
    images.shutdown()

    print(f"machine: {platform.machine()} {platform.system()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"chart: PAPI 2023, {table.height} provinces, {what}; PNG {SIZE.width}×{SIZE.height} × {SIZE.scale:g} "
          f"= {len(png) / 1e6:.2f} MB")
    print()
    print(f"{'export':<46}{'seconds':>10}")
    print(f"{'cold: first export (starts Chromium)':<46}{cold:>10.2f}")
    print(f"{'warm: kept-running browser, median of ' + str(args.repeat):<46}{warm:>10.2f}")
    print(f"{'reference: plotly.io.to_image, median of ' + str(args.reference):<46}{ref:>10.2f}")
    print(f"{'cold / warm':<46}{cold / warm:>9.1f}×")
    print(f"{'reference / warm':<46}{ref / warm:>9.1f}×")
    print()
    print(f"{'deck (' + str(n_slides) + ' slides)':<46}{'seconds':>10}")
    print(f"{'build the figures (report.deck_for)':<46}{t_content:>10.2f}")
    print(f"{'PPTX (deck_bytes, warm browser)':<46}{t_deck:>10.2f}   {len(pptx) / 1e6:.2f} MB")
    print(f"{'PDF handout (handout_pdf, warm browser)':<46}{t_pdf:>10.2f}   {len(pdf) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
