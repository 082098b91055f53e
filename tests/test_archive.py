"""cchc.archive: versions merged and kept, history, rollback, audit, names that cannot escape the folder,
concurrent writers (threads and processes), writers killed or failing mid-write, mappings, accounts."""

import json
import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc import archive as archive_module
from cchc import loading
from cchc.accounts import AccountError
from cchc.archive import Archive, ArchiveError, check_id, import_dir, merge_rows, parse_version_id

ROOT = Path(__file__).resolve().parent.parent


def rows(period: str, values: dict[str, float | None], indicator: str = "papi") -> pl.DataFrame:
    return pl.DataFrame({"unit_id": list(values), "period": [period] * len(values),
                         "indicator_id": [indicator] * len(values), "value": list(values.values())},
                        schema_overrides={"value": pl.Float64})


def write(archive: Archive, dataset: str, frame: pl.DataFrame, **kw):
    args = {"index": "papi", "user": "lan", "file_name": "papi.csv", "data": b"bytes of the file",
            "mapping": {"index": "papi", "layout": "wide", "indicators": {3: "papi"}}} | kw
    return archive.write(dataset, frame, **args)


A, B, C = "vn34:province:01", "vn34:province:33", "vn34:province:79"


@pytest.fixture()
def archive(tmp_path):
    return Archive(tmp_path / "imported")


def test_the_folder_defaults_to_the_environment_then_var_imported(monkeypatch, tmp_path):
    monkeypatch.delenv("CCHC_IMPORT_DIR", raising=False)
    assert import_dir() == ROOT / "var" / "imported" and Archive().folder == ROOT / "var" / "imported"
    monkeypatch.setenv("CCHC_IMPORT_DIR", str(tmp_path))
    assert Archive().folder == tmp_path and Archive(tmp_path / "x").folder == tmp_path / "x"


def test_reading_an_archive_that_does_not_exist_creates_nothing(archive):
    assert archive.datasets() == [] and archive.history() == [] and archive.audit() == []
    assert archive.users() == [] and archive.mappings() == [] and archive.stamp() is None
    assert archive.check_login("lan", "whatever pw") is None
    assert not archive.folder.exists()


def test_a_first_write_lays_out_the_folder_and_the_catalogue(archive):
    version = write(archive, "real-papi", rows("2025", {A: 40.5, B: None}), title="PAPI 2025 (UNDP)",
                    source={"vi": "Báo cáo PAPI 2025", "en": "PAPI 2025 report"})
    assert (version.id, version.number, version.action, version.rows, version.total_rows) == ("real-papi@1", 1,
                                                                                              "import", 2, 2)
    assert version.current and version.user == "lan" and version.index == "papi" and version.restored is None
    folder = archive.folder
    for path in ("versions/real-papi/1.parquet", "observations/real-papi.parquet", "datasets.yaml", "audit.jsonl"):
        assert (folder / path).is_file(), path
    [entry] = yaml.safe_load((folder / "datasets.yaml").read_text(encoding="utf-8"))
    assert entry == {"id": "real-papi", "file": "observations/real-papi.parquet",
                     "title": {"vi": "PAPI 2025 (UNDP)", "en": "PAPI 2025 (UNDP)"}, "indices": ["papi"], "demo": False,
                     "restricted": False, "source": {"vi": "Báo cáo PAPI 2025", "en": "PAPI 2025 report"},
                     "licence": None, "version": 1, "imported_by": "lan", "imported_at": version.created}
    current = loading.load_observations("observations/real-papi.parquet", folder)
    assert current.equals(archive.observations("real-papi"))
    assert current.sort("unit_id")["value"].to_list() == [40.5, None]
    assert list(current.columns) == list(loading.OBSERVATIONS_SCHEMA)


def test_the_sha256_is_of_the_file_bytes(archive):
    version = write(archive, "real-papi", rows("2025", {A: 1.0}), data=b"abc")
    assert version.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_a_second_write_merges_replacing_the_same_unit_period_and_indicator(archive):
    write(archive, "real-papi", rows("2025", {A: 40.0, B: 41.0}))
    second = write(archive, "real-papi", rows("2025", {B: 42.0, C: 43.0}) .vstack(rows("2024", {A: 39.0})))
    assert (second.number, second.rows, second.total_rows) == (2, 3, 4)
    now = archive.observations("real-papi")
    got = {(r["unit_id"], r["period"]): r["value"] for r in now.iter_rows(named=True)}
    assert got == {(A, "2025"): 40.0, (B, "2025"): 42.0, (C, "2025"): 43.0, (A, "2024"): 39.0}
    assert now["period"].to_list() == sorted(now["period"].to_list())  # sorted: the same rows give the same file
    first = pl.read_parquet(archive.folder / "versions/real-papi/1.parquet")
    assert first.height == 2 and first.filter(pl.col("unit_id") == B)["value"][0] == 41.0  # kept as it was


def test_merge_rows_replaces_only_matching_keys():
    old = rows("2025", {A: 1.0, B: 2.0}).vstack(rows("2025", {A: 5.0}, indicator="papi.1"))
    merged = merge_rows(old, rows("2025", {A: 9.0}))
    assert merged.height == 3
    assert merged.filter((pl.col("unit_id") == A) & (pl.col("indicator_id") == "papi"))["value"].to_list() == [9.0]
    assert merged.filter(pl.col("indicator_id") == "papi.1")["value"].to_list() == [5.0]


def test_title_source_and_restriction_are_kept_unless_given(archive):
    write(archive, "so-lieu", rows("2025", {A: 1.0}), restricted=True, title="Bí mật")
    write(archive, "so-lieu", rows("2025", {B: 1.0}), file_name="thang-7.xlsx")
    [entry] = archive.datasets()
    assert entry["restricted"] is True and entry["title"]["vi"] == "Bí mật" and entry["version"] == 2
    assert entry["source"] == {"vi": "papi.csv", "en": "papi.csv"}  # a new dataset's: its first file
    write(archive, "so-lieu", rows("2025", {C: 1.0}), restricted=False)
    assert archive.datasets()[0]["restricted"] is False
    write(archive, "khac", rows("2025", {C: 1.0}))
    assert archive.entry("khac")["title"] == {"vi": "khac", "en": "khac"}  # a new dataset without a title: its id


@pytest.mark.parametrize("frame, message", [
    (pl.DataFrame(schema=loading.OBSERVATIONS_SCHEMA), "nothing to write"),
    (pl.DataFrame({"unit_id": [A], "period": ["2025"], "value": [1.0]}), "missing column"),
    (pl.DataFrame({"unit_id": [A], "period": ["2025"], "indicator_id": ["papi"], "value": ["x"]}), "'value' must be"),
    (rows("2025", {A: 1.0}).vstack(rows("2025", {A: 2.0})), "repeat vn34:province:01, 2025, papi"),
    (pl.DataFrame({"unit_id": [None], "period": ["2025"], "indicator_id": ["papi"], "value": [1.0]},
                  schema_overrides={"unit_id": pl.String}), "lack unit_id"),
])
def test_bad_rows_are_refused_and_nothing_is_written(archive, frame, message):
    with pytest.raises(ArchiveError, match=message):
        write(archive, "real-papi", frame)
    assert archive.datasets() == [] and not (archive.folder / "versions").exists()


def test_a_dataset_keeps_its_index_and_who_acted_is_checked(archive):
    write(archive, "real-papi", rows("2025", {A: 1.0}))
    with pytest.raises(ArchiveError, match="holds index 'papi', not 'par'"):
        write(archive, "real-papi", rows("2025", {A: 1.0}), index="par")
    with pytest.raises(ArchiveError, match="does not name who acted"):
        write(archive, "real-papi", rows("2025", {A: 1.0}), user="a\nb")
    assert [v.number for v in archive.history()] == [1]


def test_history_is_newest_first_with_the_current_version_marked(archive, monkeypatch):
    times = iter(f"2026-01-0{d}T10:00:00+07:00" for d in range(1, 10))
    monkeypatch.setattr(archive_module, "_now", lambda: next(times))
    write(archive, "real-papi", rows("2025", {A: 1.0}))
    write(archive, "real-par", rows("2025", {A: 1.0}), index="par", user="minh")
    write(archive, "real-papi", rows("2025", {B: 1.0}))
    found = archive.history()
    assert [v.id for v in found] == ["real-papi@2", "real-par@1", "real-papi@1"]
    assert [v.current for v in found] == [True, True, False]
    assert found[1].user == "minh" and found[0].mapping == {"index": "papi", "layout": "wide",
                                                            "indicators": {"3": "papi"}}
    assert [v.id for v in archive.history("real-papi")] == ["real-papi@2", "real-papi@1"]
    with pytest.raises(ArchiveError, match="no imported dataset 'nope'; imported: real-papi, real-par"):
        archive.history("nope")


def test_rollback_is_a_new_version_that_restores_an_old_one(archive):
    write(archive, "real-papi", rows("2025", {A: 1.0}), file_name="first.csv", data=b"first")
    write(archive, "real-papi", rows("2025", {A: 2.0, B: 3.0}), file_name="second.csv")
    back = archive.rollback("real-papi@1", user="admin")
    assert (back.id, back.action, back.restored, back.user, back.file_name) == (
        "real-papi@3", "rollback", "real-papi@1", "admin", "first.csv")
    assert back.rows == back.total_rows == 1 and back.current
    assert archive.observations("real-papi")["value"].to_list() == [1.0]
    assert loading.load_observations("observations/real-papi.parquet", archive.folder)["value"].to_list() == [1.0]
    assert [(v.number, v.action, v.current) for v in archive.history("real-papi")] == [
        (3, "rollback", True), (2, "import", False), (1, "import", False)]
    again = archive.rollback("real-papi@2", user="admin")  # a rollback can be undone the same way
    assert again.number == 4 and archive.observations("real-papi").height == 2


@pytest.mark.parametrize("version_id, message", [
    ("real-papi@2", "already the current version"),
    ("real-papi@3", "has versions 1 to 2, no real-papi@3"),
    ("nope@1", "no imported dataset 'nope'"),
    ("real-papi", "not a version id"), ("real-papi@0", "not a version id"), ("../x@1", "not a version id"),
    ("real-papi@1/../2", "not a version id"), ("", "not a version id"),
])
def test_rollback_refuses_what_it_cannot_do(archive, version_id, message):
    write(archive, "real-papi", rows("2025", {A: 1.0}))
    write(archive, "real-papi", rows("2025", {A: 2.0}))
    with pytest.raises(ArchiveError, match=message):
        archive.rollback(version_id, user="admin")
    assert len(archive.history()) == 2


def test_the_audit_is_append_only_and_records_every_action(archive):
    write(archive, "real-papi", rows("2025", {A: 1.0}), data=b"abc")
    before = (archive.folder / "audit.jsonl").read_bytes()
    write(archive, "real-papi", rows("2025", {B: 1.0}))
    archive.rollback("real-papi@1", user="admin")
    archive.save_mapping("papi-wide", {"index": "papi"})
    archive.add_user("lan", "mật khẩu dài", "editor")
    archive.remove_user("lan")
    after = (archive.folder / "audit.jsonl").read_bytes()
    assert after.startswith(before)
    lines = archive.audit()
    assert [a["action"] for a in lines] == ["import", "import", "rollback", "mapping_save", "user_add", "user_remove"]
    first = lines[0]
    assert first["id"] == "real-papi@1" and first["user"] == "lan" and first["file_name"] == "papi.csv"
    assert first["sha256"] == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" and first["rows"] == 1
    assert first["mapping"]["layout"] == "wide" and lines[2]["restored"] == "real-papi@1"
    assert all("hash" not in a and "password" not in json.dumps(a) for a in lines)


def test_an_audit_line_cut_short_stays_visible(archive):
    write(archive, "real-papi", rows("2025", {A: 1.0}))
    with (archive.folder / "audit.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"action": "imp')
    assert archive.audit()[-1] == {"action": "unreadable", "line": '{"action": "imp'}
    write(archive, "real-papi", rows("2025", {B: 1.0}))  # the next line starts on a line of its own
    assert [a.get("id") for a in archive.audit()] == ["real-papi@1", None, "real-papi@2"]


# ------------------------------------------------------------------ names
BAD_NAMES = ["../x", "/etc", "a/b", "a\x00", "", ".", "..", "A", "papi.v2", "x" * 65, "a\n", " a", "a b", "-a", "é"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_names_with_path_tricks_are_refused_with_a_sentence(archive, name):
    with pytest.raises(ArchiveError, match="is not a valid dataset id: use 1–64 lower-case letters"):
        write(archive, name, rows("2025", {A: 1.0}))
    with pytest.raises(ArchiveError, match="is not a valid mapping id"):
        archive.save_mapping(name, {})
    with pytest.raises(ArchiveError, match="is not a valid mapping id"):
        archive.load_mapping(name)
    with pytest.raises(ArchiveError):
        archive.history(name)
    with pytest.raises(ArchiveError, match="is not a valid index id"):
        write(archive, "real-papi", rows("2025", {A: 1.0}), index=name)
    assert list(archive.folder.parent.iterdir()) == []  # nothing written anywhere


@pytest.mark.parametrize("name", ["../x", "/etc", "a/b", "a\x00", "", "Lan"])
def test_account_names_with_path_tricks_are_refused(archive, name):
    with pytest.raises(AccountError, match="is not a valid user name"):
        archive.add_user(name, "mật khẩu dài", "editor")


@settings(max_examples=80, deadline=None, database=None)  # no .hypothesis/ folder in the repository
@given(st.text(min_size=0, max_size=70))
def test_any_name_is_either_refused_or_a_file_inside_the_folder(tmp_path_factory, name):
    folder = tmp_path_factory.mktemp("names")
    archive = Archive(folder / "imported")
    try:
        check_id(name)
    except ArchiveError as exc:
        assert "is not a valid dataset id" in str(exc)
        with pytest.raises(ArchiveError):
            archive.save_mapping(name, {"x": 1})
        assert not (folder / "imported").exists()
        return
    saved = archive.save_mapping(name, {"x": 1})
    assert saved.resolve().parent == (folder / "imported" / "mappings").resolve() and saved.name == f"{name}.yaml"
    assert archive.load_mapping(name) == {"x": 1} and parse_version_id(f"{name}@7") == (name, 7)


# ------------------------------------------------------------------ concurrency
def _import_many(folder: str, worker: int, times: int, start=None) -> None:
    """One process importing ``times`` versions, each with rows of its own (module level: spawn pickles it),
    once every process reached ``start`` (a barrier: all at once)."""
    archive = Archive(folder)
    if start is not None:
        start.wait(120)
    for k in range(times):
        frame = pl.DataFrame({"unit_id": [f"w{worker}-{k}-{i}" for i in range(50)], "period": ["2025"] * 50,
                              "indicator_id": ["papi"] * 50, "value": [float(i) for i in range(50)]})
        archive.write("real-papi", frame, index="papi", user=f"worker{worker}", file_name=f"{worker}-{k}.csv",
                      data=f"{worker}-{k}".encode(), mapping={})


def _check_complete(archive: Archive, n: int, per: int) -> None:
    found = archive.history("real-papi")
    assert sorted(v.number for v in found) == list(range(1, n + 1))  # numbered without gaps
    for v in found:
        frame = pl.read_parquet(archive.folder / f"versions/real-papi/{v.number}.parquet")
        loading.conform(frame, loading.OBSERVATIONS_SCHEMA, "version")
        assert frame.height == v.total_rows == v.number * per  # each version = the one before + its own rows
        assert frame["unit_id"].is_unique().all()
    assert archive.observations("real-papi").height == n * per
    assert sorted(a["id"] for a in archive.audit()) == sorted(f"real-papi@{i}" for i in range(1, n + 1))
    assert not list(archive.folder.rglob("*.tmp"))


def test_processes_importing_at_once_cannot_corrupt_a_dataset(archive):
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(4)  # released once all four have imported polars and opened the archive
    procs = [ctx.Process(target=_import_many, args=(str(archive.folder), w, 3, start)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    _check_complete(archive, 12, 50)


def test_threads_importing_at_once_cannot_corrupt_a_dataset(archive):
    errors: list[BaseException] = []

    def run(worker: int) -> None:
        try:
            _import_many(str(archive.folder), worker, 2)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in range(5)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    _check_complete(archive, 10, 50)


# ------------------------------------------------------------------ killed or failing mid-write
CHILD = """
import sys
import polars as pl
from cchc.archive import Archive
n = 3_000_000
frame = pl.DataFrame({"unit_id": pl.int_range(n, eager=True).cast(pl.String), "period": ["2024"] * n,
                      "indicator_id": ["papi"] * n, "value": pl.int_range(n, eager=True).cast(pl.Float64)})
print("ready", flush=True)
Archive(sys.argv[1]).write("real-papi", frame, index="papi", user="child", file_name="big.csv", data=b"big", mapping={})
print("done", flush=True)
"""


def _state(archive: Archive) -> tuple:
    return (archive.datasets(), [v.id for v in archive.history()], archive.observations("real-papi").to_dicts(),
            loading.load_observations("observations/real-papi.parquet", archive.folder).to_dicts())


def test_an_import_killed_mid_write_leaves_the_previous_version_current(archive):
    write(archive, "real-papi", rows("2025", {A: 1.0, B: 2.0}))
    before = _state(archive)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(archive.folder)], cwd=ROOT, stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        while not list((archive.folder / "versions/real-papi").glob(".2.parquet.*.tmp")):
            assert child.poll() is None and time.monotonic() < deadline, "the child never started writing"
            time.sleep(0.001)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(30)
    assert child.returncode == -signal.SIGKILL
    assert _state(archive) == before  # the previous version is current, intact and readable
    assert archive.history()[0].id == "real-papi@1"
    after = write(archive, "real-papi", rows("2025", {C: 3.0}))  # the next writer cleans up and goes on
    assert after.number == 2 and after.total_rows == 3
    assert not list(archive.folder.rglob("*.tmp"))


def test_a_version_that_reads_back_wrong_is_never_placed(archive, monkeypatch):
    write(archive, "real-papi", rows("2025", {A: 1.0}))
    before = _state(archive)

    def bad_check(tmp, frame, record):
        raise ArchiveError(f"{tmp}: the version read back differs from what was written")
    monkeypatch.setattr(archive_module, "_check_version", bad_check)
    with pytest.raises(ArchiveError, match="read back differs"):
        write(archive, "real-papi", rows("2025", {B: 2.0}))
    assert _state(archive) == before
    assert not (archive.folder / "versions/real-papi/2.parquet").exists() and not list(archive.folder.rglob("*.tmp"))


def test_a_failure_before_the_catalogue_leaves_the_previous_version_and_no_gap(archive, monkeypatch):
    write(archive, "real-papi", rows("2025", {A: 1.0}))
    before = _state(archive)
    real = loading.write_atomic

    def failing(path, *args, **kwargs):
        if path.name == "datasets.yaml":
            raise OSError("disk full")
        return real(path, *args, **kwargs)
    monkeypatch.setattr(loading, "write_atomic", failing)
    with pytest.raises(OSError, match="disk full"):
        write(archive, "real-papi", rows("2025", {B: 2.0}))
    assert _state(archive) == before
    monkeypatch.setattr(loading, "write_atomic", real)
    again = write(archive, "real-papi", rows("2025", {C: 3.0}))
    assert again.number == 2 and again.total_rows == 2  # the uncommitted rows of B are not in it
    assert sorted(archive.observations("real-papi")["unit_id"].to_list()) == [A, C]


def test_a_failure_after_the_commit_is_completed_by_the_next_writer(archive, monkeypatch):
    write(archive, "real-papi", rows("2025", {A: 1.0}))

    def failing(source, target):
        raise OSError("interrupted")
    monkeypatch.setattr(archive_module, "_copy", failing)
    with pytest.raises(OSError, match="interrupted"):
        write(archive, "real-papi", rows("2025", {B: 2.0}))
    monkeypatch.undo()
    assert archive.datasets()[0]["version"] == 2 and archive.observations("real-papi").height == 2  # committed
    assert loading.load_observations("observations/real-papi.parquet", archive.folder).height == 1  # copy behind
    assert [a["id"] for a in archive.audit()] == ["real-papi@1"]
    archive.save_mapping("any", {})  # any locked operation brings the copy and the audit up to date
    assert loading.load_observations("observations/real-papi.parquet", archive.folder).height == 2
    assert [(a.get("id"), a.get("recovered")) for a in archive.audit()][:2] == [("real-papi@1", None),
                                                                               ("real-papi@2", True)]


# ------------------------------------------------------------------ mappings and accounts
def test_mappings_are_saved_and_loaded(archive):
    mapping = {"index": "onestop", "layout": "wide", "unit_column": 1, "indicators": {"2": "onestop.received"},
               "parent": "vn63:district:332", "units": {"TT. Vương": "vn63:commune:12541"}}
    archive.save_mapping("mot-cua-tien-lu", mapping)
    assert archive.load_mapping("mot-cua-tien-lu") == mapping and archive.mappings() == ["mot-cua-tien-lu"]
    archive.save_mapping("mot-cua-tien-lu", {**mapping, "unit_column": 2})
    assert archive.load_mapping("mot-cua-tien-lu")["unit_column"] == 2
    with pytest.raises(ArchiveError, match="no saved mapping 'thang-8'; saved: mot-cua-tien-lu"):
        archive.load_mapping("thang-8")
    with pytest.raises(ArchiveError, match="a mapping to save is a dict"):
        archive.save_mapping("x", ["not", "a", "dict"])


def test_local_accounts(archive):
    archive.add_user("lan", "mật khẩu dài", "editor")
    archive.add_user("admin", "another long one", "admin")
    assert [(u["name"], u["role"]) for u in archive.users()] == [("lan", "editor"), ("admin", "admin")]
    assert all(set(u) == {"name", "role", "created"} for u in archive.users())
    text = (archive.folder / "users.yaml").read_text(encoding="utf-8")
    assert "$argon2id$" in text and "mật khẩu dài" not in text
    assert stat.S_IMODE((archive.folder / "users.yaml").stat().st_mode) == 0o600
    assert archive.check_login("lan", "mật khẩu dài") == "editor"
    assert archive.check_login("lan", "wrong password") is None and archive.check_login("minh", "x") is None
    with pytest.raises(ArchiveError, match="user 'lan' already exists"):
        archive.add_user("lan", "a new password", "admin")
    with pytest.raises(AccountError, match="unknown role 'root'"):
        archive.add_user("minh", "mật khẩu dài", "root")
    with pytest.raises(AccountError, match="at least 8"):
        archive.add_user("minh", "short", "viewer")
    archive.remove_user("lan")
    assert [u["name"] for u in archive.users()] == ["admin"] and archive.check_login("lan", "mật khẩu dài") is None
    with pytest.raises(ArchiveError, match="no user 'lan'; users: admin"):
        archive.remove_user("lan")


# ------------------------------------------------------------------ file names are labels, never paths
FILE_NAMES = [
    # as uploaded, as recorded
    ("../../etc/passwd.csv", "passwd.csv"),
    ("a/b.csv", "b.csv"),
    ("C:\\x.csv", "x.csv"),
    ("..\\..\\Windows\\win.ini.csv", "win.ini.csv"),
    ("bao\x00cao.csv", "baocao.csv"),
    ("/", "file"),
    ("..", "file"),
    ("x" * 300 + ".csv", "x" * 116 + ".csv"),
    ("Báo cáo: tháng 5.xlsx", "Báo cáo: tháng 5.xlsx"),
]


@pytest.mark.parametrize("uploaded, recorded", FILE_NAMES)
def test_the_file_name_is_recorded_as_a_safe_label_and_nothing_is_written_outside(tmp_path, uploaded, recorded):
    folder = tmp_path / "imported"
    outside = sorted(p for p in tmp_path.rglob("*"))
    version = write(Archive(folder), "real-papi", rows("2023", {"vn63:province:01": 45.0}), file_name=uploaded)
    audit = Archive(folder).audit()[-1]
    assert version.file_name == audit["file_name"] == recorded
    assert Archive(folder).history()[0].file_name == recorded
    assert Archive(folder).datasets()[0]["source"] == {"vi": recorded, "en": recorded}
    assert sorted(p for p in tmp_path.rglob("*") if not p.is_relative_to(folder)) == [p for p in outside if p != folder]
    assert all(p.resolve().is_relative_to(folder.resolve()) for p in folder.rglob("*"))
    assert "\x00" not in (folder / "audit.jsonl").read_text(encoding="utf-8")
