"""``python -m bench``: the scale benchmark (bench/scale.py), or a named one:

    python -m bench engine [...]     bench_engine.py: the 766 engine and ranking against plain Python
    python -m bench export [...]     bench_export.py: chart export and the deck
    python -m bench load [...]       load.py: concurrent sessions over Streamlit's websocket protocol
"""

from __future__ import annotations

import importlib
import sys

SCRIPTS = {"engine": "bench.bench_engine", "export": "bench.bench_export"}  # main() reads sys.argv
COMMANDS = {"load": "bench.load", "replicas": "bench.replicas", "phase": "bench.phases"}  # main(argv)


def main(argv: list[str]) -> int:
    if argv and argv[0] in SCRIPTS:
        sys.argv = [f"python -m bench {argv[0]}", *argv[1:]]
        return int(importlib.import_module(SCRIPTS[argv[0]]).main() or 0)
    if argv and argv[0] in COMMANDS:
        return int(importlib.import_module(COMMANDS[argv[0]]).main(argv[1:]) or 0)
    from bench import scale

    return scale.main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
