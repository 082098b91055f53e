"""Commands of ``python -m cchc`` that live beside :mod:`cchc.cli`, one module each.

A command module defines ``NAME`` (the subcommand), ``HELP`` (one line), ``arguments(parser)`` (adds its
options; the shared ``--data-dir``/``--import-dir`` are added by :mod:`cchc.cli`) and ``run(args)``
(prints; raises :class:`cchc.cli_errors.CliError` or ``ValueError`` with a message for the user).
:data:`ALL` lists them in the order ``--help`` shows them.
"""

from __future__ import annotations

from types import ModuleType

from cchc.commands import summary  # noqa: E402
from cchc.commands import onestop  # noqa: E402
from cchc.commands import priorities  # noqa: E402

ALL: tuple[ModuleType, ...] = (summary, onestop, priorities)
