"""Local accounts, pure: roles, salted password hashes, and who may write.

The accounts file itself (``users.yaml`` of the import folder) is read and
written by :mod:`cchc.archive`; this module only checks names, roles and
passwords and hashes them — argon2id, salted, with argon2-cffi's defaults.

>>> ROLES
('viewer', 'editor', 'admin')
>>> can_write("editor"), can_write("viewer"), can_write(None)
(True, False, False)
>>> check_name("lan.nguyen")
'lan.nguyen'
>>> check_role("boss")
Traceback (most recent call last):
...
cchc.accounts.AccountError: unknown role 'boss'; roles: viewer, editor, admin
>>> digest = hash_password("mật khẩu dài")
>>> digest.startswith("$argon2id$"), verify_password(digest, "mật khẩu dài"), verify_password(digest, "sai")
(True, True, False)
"""

from __future__ import annotations

import functools
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

ROLES = ("viewer", "editor", "admin")
WRITERS = ("editor", "admin")
MIN_PASSWORD = 8
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
_HASHER = PasswordHasher()  # argon2id with a random 16-byte salt per hash


class AccountError(ValueError):
    """A user name, role or password that cannot be used: one clear sentence."""


def check_name(name: object) -> str:
    """``name`` if it is a valid account name (lower-case letters, digits, ``. _ -``, 1–64 characters)."""
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise AccountError(f"{name!r} is not a valid user name: use 1–64 lower-case letters, digits, '.', '_' "
                           "or '-', starting with a letter or digit")
    return name


def check_role(role: object) -> str:
    """``role`` if it is one of :data:`ROLES`."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    return str(role)


def check_actor(user: object) -> str:
    """Who acted, as recorded in the audit: an account name or an e-mail (one line, at most 254 characters)."""
    if not isinstance(user, str) or not user.strip() or len(user) > 254 or any(c < " " or c == "\x7f" for c in user):
        raise AccountError(f"{user!r} does not name who acted: give an account name or an e-mail on one line")
    return user.strip()


def check_password(password: object) -> str:
    """``password`` if it is text of at least :data:`MIN_PASSWORD` characters."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    if "\x00" in password:
        raise AccountError("a password cannot contain a NUL character")
    return password


def hash_password(password: str) -> str:
    """The salted argon2id hash of ``password`` (an encoded string that carries its own parameters)."""
    return _HASHER.hash(check_password(password))


def verify_password(digest: str, password: str) -> bool:
    """Whether ``password`` matches ``digest``; False for a malformed digest, never an exception."""
    if not isinstance(digest, str) or not isinstance(password, str):
        return False
    try:
        return _HASHER.verify(digest, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@functools.cache
def _decoy() -> str:
    return _HASHER.hash("decoy password for unknown names")


def login(accounts: dict[str, dict[str, str]], name: str, password: str) -> str | None:
    """The role of ``name`` when ``password`` is right, else None.

    ``accounts`` maps a name to ``{"role", "hash"}``. An unknown name costs a
    hash verification too, so timing does not tell which names exist.
    """
    account = accounts.get(name) if isinstance(name, str) else None
    if account is None:
        verify_password(_decoy(), password if isinstance(password, str) else "")
        return None
    if not verify_password(account.get("hash", ""), password):
        return None
    role = account.get("role")
    return role if role in ROLES else None


def can_write(role: str | None) -> bool:
    """Whether ``role`` may import and roll back (``editor`` and ``admin``)."""
    return role in WRITERS
