"""The writable store of imported data: versions, catalogue, audit, saved mappings, local accounts.

``cchc`` does no file I/O outside its loading module — with one named exception:
this module, the second I/O module, which writes imported data (see
docs/import.md, "The archive"). Its folder (``$CCHC_IMPORT_DIR``, default
``var/imported/`` next to ``data/``) holds ``datasets.yaml`` (the catalogue of
imported datasets), ``versions/<dataset>/<n>.parquet`` (every version, its
record — who, when, file, sha256, mapping — in the Parquet metadata),
``observations/<dataset>.parquet`` (a copy of the current version, in the
layout of ``data/``), ``audit.jsonl`` (append-only), ``mappings/<name>.yaml``,
``users.yaml`` and ``.lock``.

Every write holds an exclusive ``fcntl.flock`` on ``.lock`` (threads and
processes alike). A version is written to a temporary file, fsynced, read back
and checked, renamed into place; then the catalogue is replaced (the commit:
a reader sees the new version only from here on), then the current copy,
then the audit line. A writer killed anywhere leaves the previous version
current, intact and readable; the next writer removes the leftovers, brings
the current copy and the audit up to date, and reuses the uncommitted number.

>>> import tempfile
>>> archive = Archive(tempfile.mkdtemp())
>>> rows = pl.DataFrame({"unit_id": ["vn34:province:33"], "period": ["2025"], "indicator_id": ["papi"],
...                      "value": [44.1]})
>>> archive.write("real-papi", rows, index="papi", user="lan", file_name="papi.csv", data=b"...", mapping={}).id
'real-papi@1'
>>> archive.rollback("real-papi@1", user="lan")
Traceback (most recent call last):
...
cchc.archive.ArchiveError: real-papi@1 is already the current version of 'real-papi'
>>> archive.write("../etc", rows, index="papi", user="lan", file_name="x.csv", data=b"", mapping={})
Traceback (most recent call last):
...
cchc.archive.ArchiveError: '../etc' is not a valid dataset id: use 1–64 lower-case letters, digits, ...
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

import polars as pl
import yaml

from cchc import accounts, loading
from cchc.intake.reading import file_label

IMPORT_DIR = loading.DATA_DIR.parent / "var" / "imported"
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
KEY = ["unit_id", "period", "indicator_id"]
META = "cchc.version"  # the Parquet metadata key of a version's record


class ArchiveError(ValueError):
    """An archive operation that cannot be done (bad name, unknown dataset or version): one clear sentence."""


def import_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The import folder: ``path`` if given, else ``$CCHC_IMPORT_DIR``, else ``var/imported/`` (repository root)."""
    return loading.folder(path, "CCHC_IMPORT_DIR", IMPORT_DIR)


def check_id(name: object, what: str = "dataset") -> str:
    """``name`` if it is a safe id (a file name on its own: no ``/``, ``..``, NUL, capitals or spaces)."""
    if not isinstance(name, str) or not ID_PATTERN.fullmatch(name):
        raise ArchiveError(f"{name!r} is not a valid {what} id: use 1–64 lower-case letters, digits, '_' or '-', "
                           "starting with a letter or digit")
    return name


def parse_version_id(version_id: object) -> tuple[str, int]:
    """``"real-papi@3"`` → ``("real-papi", 3)``."""
    dataset, _, number = str(version_id).rpartition("@")
    if not dataset or not number.isdigit() or int(number) < 1 or not ID_PATTERN.fullmatch(dataset):
        raise ArchiveError(f"{version_id!r} is not a version id such as 'real-papi@3'")
    return dataset, int(number)


@dataclass(frozen=True)
class Version:
    """One version of a dataset. ``rows``: rows the action brought (the file's, or the restored
    version's); ``total_rows``: rows of the dataset after it. ``restored`` is the version a
    rollback made current again."""

    id: str
    dataset: str
    number: int
    created: str
    user: str
    action: str
    index: str
    file_name: str
    sha256: str
    rows: int
    total_rows: int
    mapping: dict[str, Any]
    restored: str | None = None
    current: bool = False

    def record(self) -> dict[str, Any]:
        """The fields as stored (the audit line, the Parquet metadata): everything but ``current``."""
        out = dataclasses.asdict(self)
        del out["current"]
        return out


def merge_rows(current: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """``current`` with the rows of the same unit, period and indicator replaced by ``new``'s, sorted."""
    kept = current.join(new.select(KEY), on=KEY, how="anti")
    return pl.concat([kept, new], how="vertical").sort(["period", "unit_id", "indicator_id"])


class Archive:
    """The import folder (default :func:`import_dir`). Reading needs no lock; every write takes it."""

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = import_dir(folder)

    def __repr__(self) -> str:
        return f"Archive({str(self.folder)!r})"

    def _version_file(self, dataset: str, number: int) -> Path:
        return self.folder / "versions" / dataset / f"{number}.parquet"

    # ------------------------------------------------------------------ reading
    def stamp(self) -> tuple[int, int, int] | None:
        """A signature of the catalogue file (changes with every write or rollback); None when absent."""
        try:
            st = (self.folder / "datasets.yaml").stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def datasets(self) -> list[dict[str, Any]]:
        """The catalogue of imported datasets (entries as in ``data/datasets.yaml``, plus ``version``)."""
        file = self.folder / "datasets.yaml"
        catalogue = (loading.read_yaml(file) or []) if file.exists() else []
        if not isinstance(catalogue, list) or not all(
                isinstance(e, dict) and {"id", "version", "indices"} <= set(e) and isinstance(e["indices"], list)
                and str(e["version"]).isdigit() for e in catalogue):
            raise ArchiveError(f"{file}: the catalogue of imported datasets must be a list of entries with an id, "
                               "a version number and a list of indices")
        return catalogue

    def entry(self, dataset: str) -> dict[str, Any]:
        """The catalogue entry of ``dataset``; :class:`ArchiveError` lists the known ones."""
        check_id(dataset)
        catalogue = self.datasets()
        for e in catalogue:
            if e["id"] == dataset:
                return e
        raise ArchiveError(f"no imported dataset {dataset!r}; imported: "
                           f"{', '.join(e['id'] for e in catalogue) or 'none'}")

    def observations(self, dataset: str) -> pl.DataFrame:
        """The rows of the current (committed) version of ``dataset``."""
        return self._read(dataset, int(self.entry(dataset)["version"]))

    def _read(self, dataset: str, number: int) -> pl.DataFrame:
        file = self._version_file(dataset, number)
        try:
            return loading.conform(pl.read_parquet(file), loading.OBSERVATIONS_SCHEMA, str(file))
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise ArchiveError(f"{file}: version {dataset}@{number} cannot be read ({exc})") from exc

    def _record(self, dataset: str, number: int, current: bool = False) -> Version:
        file = self._version_file(dataset, number)
        try:
            record = json.loads(pl.read_parquet_metadata(file)[META])
        except (OSError, KeyError, ValueError, pl.exceptions.PolarsError) as exc:
            raise ArchiveError(f"{file}: the record of version {dataset}@{number} cannot be read ({exc})") from exc
        return Version(**record, current=current)

    def history(self, dataset: str | None = None) -> list[Version]:
        """Every committed version (of ``dataset``, or of all), newest first."""
        entries = [self.entry(dataset)] if dataset is not None else self.datasets()
        out = [self._record(e["id"], n, current=n == e["version"])
               for e in entries for n in range(int(e["version"]), 0, -1)]
        return sorted(out, key=lambda v: (datetime.fromisoformat(v.created), v.number), reverse=True)

    def audit(self) -> list[dict[str, Any]]:
        """The audit trail, oldest first: one dict per line of ``audit.jsonl``."""
        file = self.folder / "audit.jsonl"
        if not file.exists():
            return []
        return [_parse_line(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]

    def mappings(self) -> list[str]:
        """Names of the saved mappings."""
        return sorted(p.stem for p in (self.folder / "mappings").glob("*.yaml"))

    def load_mapping(self, name: str) -> dict[str, Any]:
        """A saved mapping (as given to :meth:`save_mapping`)."""
        file = self.folder / "mappings" / f"{check_id(name, 'mapping')}.yaml"
        if not file.exists():
            raise ArchiveError(f"no saved mapping {name!r}; saved: {', '.join(self.mappings()) or 'none'}")
        return loading.read_yaml(file)

    def _accounts(self) -> dict[str, dict[str, str]]:
        file = self.folder / "users.yaml"
        found = (loading.read_yaml(file) or []) if file.exists() else []
        if not isinstance(found, list) or not all(isinstance(u, dict) and {"name", "role", "hash"} <= set(u)
                                                  for u in found):
            raise ArchiveError(f"{file}: the local accounts must be a list of entries with a name, a role and a hash")
        return {u["name"]: u for u in found}

    def users(self) -> list[dict[str, str]]:
        """The local accounts: name, role, created (never the hashes)."""
        return [{k: u.get(k, "") for k in ("name", "role", "created")} for u in self._accounts().values()]

    def check_login(self, name: str, password: str) -> str | None:
        """The role of local account ``name`` when ``password`` is right, else None."""
        return accounts.login(self._accounts(), name, password)

    # ------------------------------------------------------------------ writing
    def write(self, dataset: str, observations: pl.DataFrame, *, index: str, user: str, file_name: str,
              data: bytes, mapping: dict[str, Any], title: str | dict[str, str] | None = None,
              source: str | dict[str, str] | None = None, restricted: bool | None = None) -> Version:
        """Merge ``observations`` into ``dataset`` as its next version (created with the first write).

        ``title``, ``source`` and ``restricted`` left None keep the dataset's (a new dataset: its id,
        the file's name, not restricted). ``file_name`` is recorded as a label
        (:func:`cchc.intake.reading.file_label`: no path, no control character, at most 120 characters).
        """
        check_id(dataset)
        check_id(index, "index")
        user = self._actor(user)
        file_name = file_label(file_name)   # a label only: a path in it is dropped, never opened
        new = self._conform(observations)
        dupes = new.filter(pl.struct(KEY).is_duplicated())
        if dupes.height:
            raise ArchiveError(f"the rows to write repeat {', '.join(map(str, dupes.row(0)[:3]))}")
        with self._locked():
            catalogue = self.datasets()
            entry = next((e for e in catalogue if e["id"] == dataset), None)
            if entry and entry["indices"] != [index]:
                raise ArchiveError(f"dataset {dataset!r} holds index {entry['indices'][0]!r}, not {index!r}")
            number = int(entry["version"]) + 1 if entry else 1
            merged = merge_rows(self._read(dataset, number - 1), new) if entry else new.sort(KEY)
            version = Version(id=f"{dataset}@{number}", dataset=dataset, number=number, created=_now(), user=user,
                              action="import", index=index, file_name=file_name,
                              sha256=hashlib.sha256(data).hexdigest(), rows=new.height,
                              total_rows=merged.height,
                              mapping=json.loads(json.dumps(mapping, ensure_ascii=False, default=str)))
            described = {"title": _bilingual(title) or (entry or {}).get("title") or _bilingual(dataset),
                         "source": _bilingual(source) or (entry or {}).get("source") or _bilingual(file_name),
                         "restricted": bool((entry or {}).get("restricted")) if restricted is None else restricted}
            return self._commit(catalogue, merged, version, described)

    def rollback(self, version_id: str, *, user: str) -> Version:
        """Make version ``version_id`` current again, as a new version (action ``rollback``)."""
        dataset, number = parse_version_id(version_id)
        user = self._actor(user)
        with self._locked():
            catalogue = self.datasets()
            entry = self.entry(dataset)
            current = int(entry["version"])
            if number > current:
                raise ArchiveError(f"{dataset} has versions 1 to {current}, no {version_id}")
            if number == current:
                raise ArchiveError(f"{version_id} is already the current version of {dataset!r}")
            old, frame = self._record(dataset, number), self._read(dataset, number)
            version = dataclasses.replace(old, id=f"{dataset}@{current + 1}", number=current + 1, created=_now(),
                                          user=user, action="rollback", rows=frame.height,
                                          total_rows=frame.height, restored=version_id)
            return self._commit(catalogue, frame, version, {k: entry.get(k) for k in ("title", "source", "restricted")})

    def save_mapping(self, name: str, mapping: dict[str, Any]) -> Path:
        """Save ``mapping`` (YAML-safe values) as ``mappings/<name>.yaml``, replacing one of that name."""
        check_id(name, "mapping")
        if not isinstance(mapping, dict):
            raise ArchiveError(f"a mapping to save is a dict, not {type(mapping).__name__}")
        text = yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False).encode("utf-8")
        with self._locked():
            file = self.folder / "mappings" / f"{name}.yaml"
            loading.write_atomic(file, lambda fh: fh.write(text))
            self._audit({"action": "mapping_save", "created": _now(), "name": name})
        return file

    def add_user(self, name: str, password: str, role: str) -> None:
        """Add a local account (salted argon2id hash of ``password``)."""
        accounts.check_name(name)
        account = {"name": name, "role": accounts.check_role(role), "hash": accounts.hash_password(password),
                   "created": _now()}
        with self._locked():
            users = self._accounts()
            if name in users:
                raise ArchiveError(f"user {name!r} already exists; remove it first to set a new password or role")
            self._save_users([*users.values(), account])
            self._audit({"action": "user_add", "created": account["created"], "name": name, "role": role})

    def remove_user(self, name: str) -> None:
        """Remove local account ``name``."""
        accounts.check_name(name)
        with self._locked():
            users = self._accounts()
            if users.pop(name, None) is None:
                raise ArchiveError(f"no user {name!r}; users: {', '.join(users) or 'none'}")
            self._save_users(list(users.values()))
            self._audit({"action": "user_remove", "created": _now(), "name": name})

    # ------------------------------------------------------------------ the steps of a write
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the exclusive lock (a fresh open file description: threads exclude each other too)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._recover()
            yield
        finally:
            os.close(fd)  # releases the lock

    def _recover(self) -> None:
        """Finish what a killed writer left: remove temporary files, bring current copies and audit up to date."""
        for tmp in self.folder.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        catalogue = self.datasets()
        committed = {e["id"]: int(e["version"]) for e in catalogue}
        for file in self.folder.glob("versions/*/*.parquet"):  # numbers a killed writer never committed
            if not file.stem.isdigit() or int(file.stem) > committed.get(file.parent.name, 0):
                file.unlink()
        audited = {a.get("id") for a in self.audit()}
        for entry in catalogue:
            version = self._record(entry["id"], int(entry["version"]), current=True)
            current = self.folder / entry["file"]
            try:
                copied = json.loads(pl.read_parquet_metadata(current)[META])["id"] == version.id
            except (OSError, KeyError, ValueError, pl.exceptions.PolarsError):
                copied = False
            if not copied:
                _copy(self._version_file(version.dataset, version.number), current)
            if version.id not in audited:
                self._audit({**version.record(), "recovered": True})

    def _commit(self, catalogue: list[dict[str, Any]], frame: pl.DataFrame, version: Version,
                described: dict[str, Any]) -> Version:
        file = self._version_file(version.dataset, version.number)
        record = json.dumps(version.record(), ensure_ascii=False, default=str)
        loading.write_atomic(file, lambda fh: frame.write_parquet(fh, compression="zstd", metadata={META: record}),
                check=lambda tmp: _check_version(tmp, frame, record))
        entry = {"id": version.dataset, "file": f"observations/{version.dataset}.parquet", "title": described["title"],
                 "indices": [version.index], "demo": False, "restricted": bool(described["restricted"]),
                 "source": described["source"], "licence": None, "version": version.number,
                 "imported_by": version.user, "imported_at": version.created}
        ids = [e["id"] for e in catalogue]
        catalogue = [entry if e["id"] == entry["id"] else e for e in catalogue] + [entry] * (entry["id"] not in ids)
        text = yaml.safe_dump(catalogue, allow_unicode=True, sort_keys=False, width=100).encode("utf-8")
        loading.write_atomic(self.folder / "datasets.yaml", lambda fh: fh.write(text))  # the commit
        _copy(file, self.folder / entry["file"])
        self._audit(version.record())
        return dataclasses.replace(version, current=True)

    def _audit(self, line: dict[str, Any]) -> None:
        text = (json.dumps(line, ensure_ascii=False, default=str) + "\n").encode("utf-8")
        with (self.folder / "audit.jsonl").open("a+b") as fh:
            size = fh.seek(0, os.SEEK_END)
            if size:
                fh.seek(size - 1)
                text = text if fh.read(1) == b"\n" else b"\n" + text  # after a line cut short by a crash
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())

    def _save_users(self, users: list[dict[str, str]]) -> None:
        text = yaml.safe_dump(users, allow_unicode=True, sort_keys=False).encode("utf-8")
        loading.write_atomic(self.folder / "users.yaml", lambda fh: fh.write(text), mode=0o600)

    @staticmethod
    def _actor(user: str) -> str:
        try:
            return accounts.check_actor(user)
        except accounts.AccountError as exc:
            raise ArchiveError(str(exc)) from None

    @staticmethod
    def _conform(observations: pl.DataFrame) -> pl.DataFrame:
        if not isinstance(observations, pl.DataFrame) or observations.is_empty():
            raise ArchiveError("nothing to write: the observations are empty")
        try:
            frame = loading.conform(observations, loading.OBSERVATIONS_SCHEMA, "the rows to write")
        except loading.DataFileError as exc:
            raise ArchiveError(str(exc)) from None
        nulls = [c for c in KEY if frame[c].null_count()]
        if nulls:
            raise ArchiveError(f"the rows to write lack {', '.join(nulls)} in some rows")
        return frame


def _parse_line(line: str) -> dict[str, Any]:
    try:
        return json.loads(line)
    except ValueError:  # a line cut short by a crash stays visible, marked
        return {"action": "unreadable", "line": line}


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _bilingual(text: str | dict[str, str] | None) -> dict[str, str] | None:
    return {"vi": text, "en": text} if isinstance(text, str) else (dict(text) if text else None)


def _check_version(tmp: Path, frame: pl.DataFrame, record: str) -> None:
    """Read a version file back: the schema, every row, and its record must be as written."""
    back = loading.conform(pl.read_parquet(tmp), loading.OBSERVATIONS_SCHEMA, str(tmp))
    if not back.equals(frame) or pl.read_parquet_metadata(tmp).get(META) != record:
        raise ArchiveError(f"{tmp}: the version read back differs from what was written")


def _copy(source: Path, target: Path) -> None:
    with source.open("rb") as src:
        loading.write_atomic(target, lambda fh: shutil.copyfileobj(src, fh))
