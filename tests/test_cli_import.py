"""python -m cchc import / history / rollback / users: the archive from the command line."""

import hashlib
import io
import re
import subprocess
import sys

import polars as pl
import openpyxl
import pytest
import yaml

from cchc import cli
from cchc.archive import Archive
from cchc.cli import main
from tests import intake_files
from tests.intake_files import papi_wide_csv


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CCHC_IMPORT_DIR", raising=False)
    monkeypatch.setenv("USER", "lan")
    return tmp_path / "imported"


def _write(folder, values, file_name="papi.csv"):
    rows = pl.DataFrame({"unit_id": list(values), "period": ["2023"] * len(values), "indicator_id": ["papi"] * len(values),
                         "value": list(values.values())})
    return Archive(folder).write("real-papi", rows, index="papi", user="lan", file_name=file_name, data=b"x",
                                 mapping={})


# ------------------------------------------------------------------ history and rollback
def test_history_of_an_empty_folder_says_so(capsys, folder):
    code, out, _ = run(capsys, "history", "--import-dir", str(folder))
    assert code == 0 and out == f"no imported data in {folder}\n"


def test_history_lists_versions_newest_first_and_marks_the_current_one(capsys, folder):
    _write(folder, {"vn63:province:01": 45.0}, "first.csv")
    _write(folder, {"vn63:province:46": 47.0}, "second.csv")
    code, out, _ = run(capsys, "history", "--import-dir", str(folder))
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["version", "created", "action", "user", "rows", "total", "file", "sha256"]
    assert lines[2].split()[:2] == ["real-papi@2", "*"] and "second.csv" in lines[2] and " 2 " in lines[2]
    assert lines[3].split()[0] == "real-papi@1" and "*" not in lines[3] and "first.csv" in lines[3]
    code, _, err = run(capsys, "history", "--dataset", "nope", "--import-dir", str(folder))
    assert code == 1 and err == "error: no imported dataset 'nope'; imported: real-papi\n"


def test_rollback_makes_an_old_version_current_as_a_new_version(capsys, folder):
    _write(folder, {"vn63:province:01": 45.0})
    _write(folder, {"vn63:province:46": 47.0})
    code, out, _ = run(capsys, "--import-dir", str(folder), "rollback", "real-papi@1")
    assert code == 0 and out == "real-papi@3: real-papi@1 is current again (1 rows)\n"
    [entry] = Archive(folder).history("real-papi")[:1]
    assert (entry.action, entry.user, entry.restored) == ("rollback", "lan", "real-papi@1")  # --user: $USER
    code, out, _ = run(capsys, "history", "--import-dir", str(folder))
    assert "rollback ← real-papi@1" in out
    code, _, _ = run(capsys, "rollback", "real-papi@2", "--user", "admin", "--import-dir", str(folder))
    assert code == 0 and Archive(folder).history()[0].user == "admin"


@pytest.mark.parametrize("version, message", [
    ("real-papi@1", "already the current version"), ("real-papi@9", "no real-papi@9"),
    ("../../etc@1", "not a version id"), ("real-papi", "not a version id"),
])
def test_rollback_errors_are_one_line(capsys, folder, version, message):
    _write(folder, {"vn63:province:01": 45.0})
    code, out, err = run(capsys, "rollback", version, "--import-dir", str(folder))
    assert code == 1 and out == "" and err.startswith("error: ") and message in err and err.count("\n") == 1


def test_who_acts_defaults_to_user_then_the_login_name(capsys, folder, monkeypatch):
    _write(folder, {"vn63:province:01": 45.0})
    _write(folder, {"vn63:province:46": 47.0})
    monkeypatch.delenv("USER")
    monkeypatch.setattr(cli.getpass, "getuser", lambda: "operator")
    assert run(capsys, "rollback", "real-papi@1", "--import-dir", str(folder))[0] == 0
    assert Archive(folder).history()[0].user == "operator"

    def nobody():
        raise OSError("no username set in the environment")
    monkeypatch.setattr(cli.getpass, "getuser", nobody)
    code, _, err = run(capsys, "rollback", "real-papi@2", "--import-dir", str(folder))
    assert code == 1 and err == "error: say who acts: --user NAME (or set $USER)\n"


# ------------------------------------------------------------------ local accounts
def test_users_add_list_remove_with_the_password_on_stdin(capsys, folder, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("mật khẩu dài\n"))
    code, out, _ = run(capsys, "users", "add", "lan", "--role", "editor", "--password-stdin", "--import-dir", str(folder))
    assert code == 0 and out == "added lan (editor)\n"
    assert Archive(folder).check_login("lan", "mật khẩu dài") == "editor"
    code, out, _ = run(capsys, "users", "list", "--import-dir", str(folder))
    assert code == 0 and out.splitlines()[2].split()[:2] == ["lan", "editor"]
    assert "argon2" not in out and "$" not in out  # never a hash
    code, out, _ = run(capsys, "users", "remove", "lan", "--import-dir", str(folder))
    assert code == 0 and Archive(folder).users() == []
    code, out, _ = run(capsys, "users", "list", "--import-dir", str(folder))
    assert out == f"no local accounts in {folder}\n"


def test_the_interactive_password_is_asked_twice(capsys, folder, monkeypatch):
    answers = iter(["mật khẩu dài", "mật khẩu dài", "mật khẩu dài", "another one!"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: next(answers))
    code, _, _ = run(capsys, "users", "add", "lan", "--role", "admin", "--import-dir", str(folder))
    assert code == 0 and Archive(folder).check_login("lan", "mật khẩu dài") == "admin"
    code, _, err = run(capsys, "users", "add", "minh", "--role", "viewer", "--import-dir", str(folder))
    assert code == 1 and err == "error: the two passwords differ\n" and len(Archive(folder).users()) == 1


@pytest.mark.parametrize("args, password, message", [
    (["users", "add", "../x", "--role", "editor", "--password-stdin"], "mật khẩu dài", "not a valid user name"),
    (["users", "add", "lan", "--role", "editor", "--password-stdin"], "short", "at least 8 characters"),
    (["users", "remove", "nobody"], "", "no user 'nobody'"),
])
def test_user_errors_are_one_line(capsys, folder, monkeypatch, args, password, message):
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    code, out, err = run(capsys, *args, "--import-dir", str(folder))
    assert code == 1 and out == "" and message in err and err.count("\n") == 1


def test_a_role_that_does_not_exist_is_a_command_line_error(folder):
    proc = subprocess.run([sys.executable, "-m", "cchc", "users", "add", "lan", "--role", "root", "--password-stdin",
                           "--import-dir", str(folder)], input="mật khẩu dài\n", capture_output=True, text=True)
    assert proc.returncode == 2 and "invalid choice: 'root'" in proc.stderr


def test_users_add_through_the_module_entry_point(folder):
    proc = subprocess.run([sys.executable, "-m", "cchc", "--import-dir", str(folder), "users", "add", "lan",
                           "--role", "editor", "--password-stdin"], input="mật khẩu dài\n", capture_output=True,
                          text=True)
    assert proc.returncode == 0 and proc.stdout == "added lan (editor)\n"
    [account] = yaml.safe_load((folder / "users.yaml").read_text(encoding="utf-8"))
    assert account["name"] == "lan" and account["hash"].startswith("$argon2id$")


# ------------------------------------------------------------------ import, end to end
@pytest.fixture()
def papi_file(tmp_path):
    path = tmp_path / "papi-2023.csv"
    path.write_bytes(papi_wide_csv())
    return path


def _ranked(out: str) -> list[tuple[str, str, str]]:
    """(rank, unit, score) of the ranked rows of a printed league table."""
    return re.findall(r"^ *(\d+)  (.+?) +(\d+,\d{4})\b", out, flags=re.MULTILINE)


def test_a_dry_run_checks_and_writes_nothing(capsys, folder, papi_file):
    code, out, err = run(capsys, "import", str(papi_file), "--period", "2017", "--dry-run", "--accept-warnings",
                         "--import-dir", str(folder))
    assert code == 0 and err == ""
    assert "8 dòng, 72 giá trị; 0 lỗi, 8 cảnh báo" in out and "- Cột đơn vị: “Province” (8/8 tên tìm thấy)" in out
    assert out.splitlines()[0].split() == ["Mức", "Dòng", "Cột", "Nội", "dung"]
    assert out.splitlines()[2].startswith("Cảnh báo") and "không kiểm tra được" in out.splitlines()[2]
    assert out.rstrip().endswith("dry run: nothing written (the import would go into real-papi)")
    assert not folder.exists()


def test_warnings_must_be_accepted_and_errors_always_stop(capsys, folder, papi_file):
    code, out, err = run(capsys, "import", str(papi_file), "--period", "2017", "--dry-run", "--import-dir", str(folder))
    assert code == 1 and "cảnh báo" in out
    assert err == "error: not imported: 8 warning(s); check them, then run again with --accept-warnings\n"
    code, out, err = run(capsys, "import", str(papi_file), "--accept-warnings", "--import-dir", str(folder))
    assert code == 1 and "8 dòng, 0 giá trị; 1 lỗi, 8 cảnh báo" in out and "Chưa xác định được kỳ số liệu" in out
    assert err.startswith("error: not imported: 1 error(s) in papi-2023.csv") and err.count("\n") == 1
    assert not folder.exists()


def test_import_then_rank_the_new_period_of_the_dataset(capsys, folder, papi_file):
    code, out, err = run(capsys, "import", str(papi_file), "--period", "2017", "--accept-warnings",
                         "--save-mapping", "papi-wide", "--import-dir", str(folder))
    assert code == 0 and err == ""
    assert out.splitlines()[-2:] == ["Đã nhập phiên bản real-papi@1: 72 giá trị, kỳ 2017.",  # 8 provinces × 9 columns
                                     "real-papi: 72 rows in all"]
    code, out, _ = run(capsys, "rank", "--index", "papi", "--period", "2017", "--dataset", "real-papi",
                       "--import-dir", str(folder))
    assert code == 0 and "7/63 đơn vị được xếp hạng" in out and "DỮ LIỆU MINH HỌA" not in out
    assert _ranked(out) == [("1", "Thừa Thiên Huế", "46,0415"), ("2", "Bắc Ninh", "45,7000"),
                            ("3", "Cần Thơ", "45,4646"), ("4", "Hồ Chí Minh", "44,6398"), ("5", "Hà Nội", "43,9600"),
                            ("6", "Bà Rịa - Vũng Tàu", "41,1497"), ("7", "Lạng Sơn", "38,9700")]
    [version] = Archive(folder).history()
    assert (version.user, version.file_name, version.rows) == ("lan", "papi-2023.csv", 72)
    assert version.sha256 == hashlib.sha256(papi_file.read_bytes()).hexdigest()
    assert version.mapping["index"] == "papi" and Archive(folder).load_mapping("papi-wide") == version.mapping
    code, out, _ = run(capsys, "rank", "--index", "papi", "--period", "2016", "--dataset", "real-papi",
                       "--import-dir", str(folder))
    assert code == 1  # only 2017 in that dataset


def test_real_data_replace_the_demo_year_until_rolled_back(capsys, folder, papi_file):
    assert run(capsys, "import", str(papi_file), "--period", "2017", "--accept-warnings",
               "--import-dir", str(folder))[0] == 0
    code, out, _ = run(capsys, "import", str(papi_file), "--period", "2023", "--accept-warnings", "--user", "minh",
                       "--import-dir", str(folder))
    assert code == 0 and "Đã nhập phiên bản real-papi@2: 72 giá trị, kỳ 2023.\nreal-papi: 144 rows in all" in out
    code, out, _ = run(capsys, "rank", "--index", "papi", "--period", "2023", "--import-dir", str(folder))
    assert "7/63 đơn vị được xếp hạng" in out and "DỮ LIỆU MINH HỌA" in out  # its changes read demo 2022
    code, out, _ = run(capsys, "rank", "--index", "papi", "--period", "2023", "--dataset", "real-papi",
                       "--import-dir", str(folder))
    assert "7/63 đơn vị được xếp hạng" in out and "DỮ LIỆU MINH HỌA" not in out
    code, out, _ = run(capsys, "rollback", "real-papi@1", "--import-dir", str(folder))
    assert code == 0 and out == "real-papi@3: real-papi@1 is current again (72 rows)\n"
    code, out, _ = run(capsys, "rank", "--index", "papi", "--period", "2023", "--import-dir", str(folder))
    assert "61/63 đơn vị được xếp hạng" in out and "DỮ LIỆU MINH HỌA" in out  # the demo year is back
    code, out, _ = run(capsys, "history", "--import-dir", str(folder))
    assert [line.split()[0] for line in out.splitlines()[2:]] == ["real-papi@3", "real-papi@2", "real-papi@1"]


def test_a_total_that_disagrees_is_refused_with_its_row(capsys, folder, papi_file, tmp_path):
    bad = tmp_path / "papi-bad.csv"
    bad.write_bytes(papi_file.read_bytes().replace(b"43.9600", b"44.9600"))  # Ha Noi, line 2 of the file
    code, out, err = run(capsys, "import", str(bad), "--period", "2017", "--accept-warnings", "--lang", "en",
                         "--import-dir", str(folder))
    assert code == 1 and "8 rows, 72 values; 1 errors, 8 warnings" in out
    [line] = [line for line in out.splitlines() if line.startswith("Error")]
    assert line.split()[:3] == ["Error", "2", "Total"] and "differs from the sum of its parts 43.9600" in line
    assert err == "error: not imported: 1 error(s) in papi-bad.csv, the first at row 2, Total; correct the file " \
                  "or the mapping\n"
    assert not folder.exists()


def test_a_saved_mapping_is_reused_for_the_next_file(capsys, folder, papi_file):
    run(capsys, "import", str(papi_file), "--period", "2017", "--accept-warnings", "--save-mapping", "papi-wide",
        "--import-dir", str(folder))
    code, out, _ = run(capsys, "import", str(papi_file), "--mapping", "papi-wide", "--period", "2018",
                       "--accept-warnings", "--import-dir", str(folder))
    assert code == 0 and "- Dùng lại cách ghép cột đã lưu" in out and "real-papi@2" in out
    code, _, err = run(capsys, "import", str(papi_file), "--mapping", "nope", "--import-dir", str(folder))
    assert code == 1 and err == "error: no saved mapping 'nope'; saved: papi-wide\n"


@pytest.mark.parametrize("extra, message", [
    (["--dataset", "../x"], "'../x' is not a valid dataset id"),
    (["--save-mapping", "a/b"], "'a/b' is not a valid mapping id"),
    (["--dataset", "papi"], "'papi' is a bundled dataset; choose another --dataset"),
])
def test_bad_names_are_refused_before_anything_is_written(capsys, folder, papi_file, extra, message):
    code, _, err = run(capsys, "import", str(papi_file), "--period", "2017", "--accept-warnings", *extra,
                       "--import-dir", str(folder))
    assert code == 1 and message in err and err.count("\n") == 1 and not folder.exists()


def test_files_that_cannot_be_read_are_one_line(capsys, folder, tmp_path):
    code, _, err = run(capsys, "import", str(tmp_path / "none.csv"), "--import-dir", str(folder))
    assert code == 1 and err == f"error: {tmp_path / 'none.csv'}: file not found\n"
    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(bytes(range(256)) * 8)
    code, _, err = run(capsys, "import", str(noise), "--import-dir", str(folder))
    assert code == 1 and err.startswith("error: ") and err.count("\n") == 1


def test_import_through_the_module_entry_point(folder, papi_file):
    proc = subprocess.run([sys.executable, "-m", "cchc", "import", str(papi_file), "--period", "2017",
                           "--accept-warnings", "--user", "lan", "--import-dir", str(folder)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "Đã nhập phiên bản real-papi@1" in proc.stdout and proc.stderr == ""


@pytest.mark.parametrize("args, message", [
    (["import", "{papi}", "--index", "hy_onestop", "--dry-run"], "unknown index 'hy_onestop'; known: "),
    (["import", "{papi}", "--index", "PAPI", "--dry-run"], "unknown index 'PAPI'"),
    (["import", "{papi}", "--period", "2023-13", "--dry-run"], "invalid period '2023-13'"),
    (["import", "{papi}", "--sheet", "Trang 3", "--dry-run"], "Tệp không có trang tính “Trang 3”"),
    (["import", "{papi}", "--mapping", "nope", "--dry-run"], "no saved mapping 'nope'"),
    (["import", "{papi}", "--mapping", "../x", "--dry-run"], "'../x' is not a valid mapping id"),
    (["import", "{papi}", "--mapping", "listed", "--dry-run"], "not a saved mapping"),
    (["history", "--dataset", "nope"], "no imported dataset 'nope'"),
    (["history", "--dataset", "../x"], "'../x' is not a valid dataset id"),
    (["rollback", "nope@1"], "no imported dataset 'nope'"),
    (["rollback", "nope@0"], "not a version id"),
    (["users", "remove", "../x"], "not a valid user name"),
])
def test_bad_arguments_are_one_line_and_exit_1(capsys, folder, papi_file, args, message):
    (folder / "mappings").mkdir(parents=True)
    (folder / "mappings" / "listed.yaml").write_text("- a\n- b\n", encoding="utf-8")
    before = _files(folder)
    code, out, err = run(capsys, *[a.format(papi=papi_file) for a in args], "--import-dir", str(folder))
    assert (code, err.count("\n")) == (1, 1) and err.startswith("error: ") and message in err
    assert "Traceback" not in out + err and _files(folder) == before


def _files(folder) -> dict[str, bytes]:
    """Every file of the import folder and its bytes (the lock file, which a writer creates empty, aside)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def test_an_unknown_index_through_the_module_entry_point_is_one_line(folder, papi_file):
    proc = subprocess.run([sys.executable, "-m", "cchc", "import", str(papi_file), "--index", "hy_onestop",
                           "--dry-run", "--import-dir", str(folder)], capture_output=True, text=True)
    assert proc.returncode == 1 and proc.stderr.startswith("error: unknown index 'hy_onestop'")
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


# ------------------------------------------------------------------ hostile files
FORMULA_ROWS = [["KẾT QUẢ CHỈ SỐ CCHC NĂM 2023"], ["Tỉnh", "Chỉ số CCHC"], ["TP. Hà Nội", "=1+1"],
                ['=HYPERLINK("http://x","Hà Nội")', 85.5], ["=cmd|' /C calc'!A0", 80], ["Tỉnh Hưng Yên", 81.5]]
FORMULA_TEXTS = ("1+1", "HYPERLINK", "http://x", "cmd|", "calc")


def _everything_in(folder) -> str:
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file())


def test_formula_cells_without_a_value_are_reported_and_nothing_is_written(capsys, folder, tmp_path):
    path = tmp_path / "formulas.xlsx"
    path.write_bytes(intake_files.xlsx_with_formulas(FORMULA_ROWS))
    code, out, err = run(capsys, "import", str(path), "--accept-warnings", "--import-dir", str(folder))
    assert code == 1 and err == ("error: not imported: 3 error(s) in formulas.xlsx, the first at row 3, Chỉ số CCHC; "
                                 "correct the file or the mapping\n")
    assert out.count("Công thức chưa có giá trị: mở tệp trong Excel và lưu lại") == 3
    assert not any(text in out + err for text in FORMULA_TEXTS) and not folder.exists()


def test_formula_results_are_imported_and_formula_like_text_is_echoed_neutralised(capsys, folder, tmp_path):
    """Saved results are data: a result that looks like a formula is a unit not found, echoed with an apostrophe;
    the import of the clean rows (after removing it) stores no formula text anywhere."""
    path = tmp_path / "formulas.xlsx"
    path.write_bytes(intake_files.xlsx_with_formulas(FORMULA_ROWS, {"B3": 88.25, "A4": "Tỉnh Quảng Ninh",
                                                                     "A5": "=cmd|' /C calc'!A0"}))
    code, out, err = run(capsys, "import", str(path), "--accept-warnings", "--import-dir", str(folder))
    assert code == 1 and "Không tìm thấy đơn vị “'=cmd|' /C calc'!A0”" in out
    assert re.findall(r"(?<!')=cmd", out + err) == [] and not folder.exists()
    rows = [*FORMULA_ROWS[:4], FORMULA_ROWS[5]]
    path.write_bytes(intake_files.xlsx_with_formulas(rows, {"B3": 88.25, "A4": "Tỉnh Quảng Ninh"}))
    code, out, _ = run(capsys, "import", str(path), "--accept-warnings", "--import-dir", str(folder))
    assert code == 0 and "Đã nhập phiên bản real-par@1: 3 giá trị" in out
    assert not any(text in _everything_in(folder) for text in FORMULA_TEXTS)


def test_a_csv_cell_that_looks_like_a_formula_is_echoed_neutralised(capsys, folder, tmp_path):
    path = tmp_path / "hostile.csv"
    path.write_text("Tỉnh;=1+2;+cmd\n=HYPERLINK(\"http://x\";\"Hà Nội\");91,43;1\n@SUM(A1);90;2\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(path), "--index", "par", "--period", "2023", "--dry-run",
                         "--import-dir", str(folder))
    assert code == 1 and re.findall(r"(?<!')[=@+](?:HYPERLINK|SUM|1\+2|cmd)", out + err) == []
    assert "'=HYPERLINK" in out and "'@SUM(A1)" in out and not folder.exists()


@pytest.mark.parametrize("file, text, args, message", [
    ("datasets.yaml", "- version: 1\n", ["history"], "the catalogue of imported datasets must be a list of entries"),
    ("datasets.yaml", "- id: real-papi\n", ["rollback", "real-papi@1"], "must be a list of entries with an id"),
    ("datasets.yaml", "- {id: real-papi, version: x, indices: [papi]}\n", ["history", "--dataset", "real-papi"],
     "a version number"),
    ("datasets.yaml", "{id: real-papi}\n", ["rank", "--index", "papi", "--period", "2023"], "must be a list"),
    ("users.yaml", "- role: editor\n", ["users", "list"], "the local accounts must be a list of entries with a name"),
    ("users.yaml", "- {name: lan, role: editor}\n", ["users", "remove", "lan"], "a role and a hash"),
])
def test_a_damaged_import_folder_is_one_line_not_a_traceback(capsys, folder, file, text, args, message):
    folder.mkdir(parents=True)
    (folder / file).write_text(text, encoding="utf-8")
    code, out, err = run(capsys, *args, "--import-dir", str(folder))
    assert (code, out, err.count("\n")) == (1, "", 1) and err.startswith("error: ") and message in err
    assert (folder / file).read_text(encoding="utf-8") == text


def test_the_readme_one_stop_example_with_a_parent_named_and_a_saved_mapping(capsys, folder, tmp_path):
    """README: the May report with --index svc766 --parent "Tiên Lữ" --save-mapping, then June's with the saved
    mapping and the parent named again (it used to fail: "Không tìm thấy đơn vị cấp trên “Tiên Lữ”")."""
    may, june = tmp_path / "bao-cao-t5.xlsx", tmp_path / "bao-cao-t6.xlsx"
    may.write_bytes(intake_files.onestop_report_xlsx())
    book = openpyxl.load_workbook(io.BytesIO(intake_files.onestop_report_xlsx()))
    book.active.cell(2, 1).value = "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG 6/2024"
    book.save(june)
    code, out, err = run(capsys, "import", str(may), "--index", "svc766", "--parent", "Tiên Lữ", "--save-mapping",
                         "tien-lu-thang", "--import-dir", str(folder))
    assert (code, err) == (0, "") and "Đã nhập phiên bản real-svc766@1" in out
    code, out, err = run(capsys, "import", str(june), "--index", "svc766", "--mapping", "tien-lu-thang", "--parent",
                         "Tiên Lữ", "--import-dir", str(folder))
    assert (code, err) == (0, "") and "Dùng lại cách ghép cột đã lưu" in out and "real-svc766@2" in out
    assert Archive(folder).history()[0].mapping["parent"] == "vn63:district:332"
