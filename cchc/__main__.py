"""``python -m cchc`` — see :mod:`cchc.cli`."""

from cchc.cli import main

raise SystemExit(main())
