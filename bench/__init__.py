"""Benchmarks (bench/README.md). ``python -m bench`` from the repository root:

    python -m bench [--scale demo|national] [--json FILE] [--data-dir DIR]   # the dashboard at scale (issue 9)
    python -m bench engine [...]                                               # bench_engine.py: the 766 engine
    python -m bench export [...]                                               # bench_export.py: chart export

Figures are printed (and written as JSON), never asserted; a run fails only when a reference disagrees with
the app path.
"""
