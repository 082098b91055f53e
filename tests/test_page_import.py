"""AppTest of the import and history pages: who may write. Without configuration the app
is read-only for everyone; with accounts, visitors and viewers are refused (by URL too),
editors get the upload."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from cchc.archive import Archive
from cchc.intake.mapping import mapping_to_dict
from cchc.intake.pipeline import Options, plan_import
from cchc.store import Store
from tests import intake_files as files
from tests.pages_helpers import APP
from ui import import_page

PAGES = ["views/data_import.py", "views/history.py"]


@pytest.fixture()
def archive(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_IMPORT_DIR", str(tmp_path / "imported"))
    return Archive(tmp_path / "imported")


def _open(page: str, user: dict | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    if user:
        at.session_state["_local_user"] = user
    at.run()  # the import page's URL ("import") is not its file name: pages are known after a first run
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _said(at: AppTest) -> str:
    return "\n".join([w.value for w in at.warning] + [e.value for e in at.error] + [i.value for i in at.info])


@pytest.mark.parametrize("page", PAGES)
def test_without_configuration_everyone_reads_only(archive, page):
    at = _open(page)
    assert "chế độ chỉ xem" in _said(at) and "python -m cchc users add" in _said(at)
    assert not at.get("file_uploader") and "rollback_go" not in [b.key for b in at.button]


@pytest.mark.parametrize("page", PAGES)
def test_a_visitor_is_asked_to_log_in(archive, page):
    archive.add_user("bien.tap", "mat-khau-du-dai", "editor")
    at = _open(page)
    assert "Chỉ biên tập viên và quản trị viên" in _said(at)
    assert [t.label for t in at.sidebar.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    assert not at.get("file_uploader")


@pytest.mark.parametrize("page", PAGES)
def test_a_viewer_is_refused(archive, page):
    archive.add_user("xem", "mat-khau-du-dai", "viewer")
    at = _open(page, user={"name": "xem", "role": "viewer", "via": "local"})
    assert "chỉ được xem" in _said(at) and not at.get("file_uploader")


def test_an_editor_gets_the_upload_and_the_templates(archive):
    archive.add_user("bien.tap", "mat-khau-du-dai", "editor")
    at = _open(PAGES[0], user={"name": "bien.tap", "role": "editor", "via": "local"})
    assert at.get("file_uploader") and not at.warning and not at.error
    assert at.get("file_uploader")[0].proto.max_upload_size_mb == 50    # what the reader accepts, said by the widget
    assert any("bien.tap" in c.value for c in at.sidebar.caption)


def test_the_login_form_logs_in_with_the_right_password_only(archive):
    archive.add_user("bien.tap", "mat-khau-du-dai", "editor")
    at = _open(PAGES[0])
    at.sidebar.text_input[0].input("bien.tap")
    at.sidebar.text_input[1].input("sai-mat-khau")
    at.sidebar.button[0].click().run()
    assert any("không đúng" in e.value for e in at.sidebar.error) and not at.get("file_uploader")
    at.sidebar.text_input[0].input("bien.tap")
    at.sidebar.text_input[1].input("mat-khau-du-dai")
    at.sidebar.button[0].click().run()
    assert at.get("file_uploader"), _said(at)


def test_viewing_can_require_a_login(archive, monkeypatch):
    monkeypatch.setenv("CCHC_REQUIRE_LOGIN", "1")
    archive.add_user("xem", "mat-khau-du-dai", "viewer")
    at = _open("views/rankings.py")
    assert "Cần đăng nhập" in _said(at) and not at.get("plotly_chart")
    at = _open("views/rankings.py", user={"name": "xem", "role": "viewer", "via": "local"})
    assert at.get("plotly_chart")


# ---------------------------------------------------------------- an editor's upload, step by step
EDITOR = {"name": "bien.tap", "role": "editor", "via": "local"}


def _workbook() -> bytes:
    """A workbook of three sheets: a one-line guide first, then the PAR INDEX 2023 annex, then PAPI 2023."""
    par = [line.split(";") for line in files.par_semicolon_csv().decode("utf-8").splitlines()]
    papi = [line.split(",") for line in files.papi_wide_csv().decode("utf-8").splitlines()]
    return files.xlsx_bytes({"Hướng dẫn": [["Điền số liệu vào các trang sau"]], "PAR 2023": par,
                             "PAPI 2023": [["KẾT QUẢ PAPI NĂM 2023"], *papi]})


def _upload(archive, name: str, content: bytes, mime: str = "text/csv") -> AppTest:
    archive.add_user("bien.tap", "mat-khau-du-dai", "editor")
    at = _open(PAGES[0], user=EDITOR)
    at.file_uploader(key="import_file").set_value((name, content, mime)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _every_text(at: AppTest) -> list[str]:
    """Every text the page renders as Markdown: messages, captions, Markdown, widget and block labels."""
    out = [e.value for kind in ("caption", "markdown", "info", "warning", "error", "success") for e in at.get(kind)]
    out += [w.label for kind in ("selectbox", "text_input", "checkbox", "button") for w in at.get(kind)]
    return out + [s.label for s in at.get("status")]


def _read(markdown: str) -> str:
    """Markdown as a reader sees it: the backslash escapes of :func:`cchc.safety.plain` removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _infos(at: AppTest) -> list[str]:
    return [_read(i.value) for i in at.info]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_sheet_of_a_workbook_can_be_chosen(archive):
    book = _workbook()
    at = _upload(archive, "phu-luc.xlsx", book, XLSX)
    picker = at.selectbox(key=f"import_sheet_{import_page.file_key(book)}")
    assert picker.options == ["Hướng dẫn", "PAR 2023", "PAPI 2023"] and picker.value == "PAR 2023"  # the first table
    assert "Chỉ số: PAR INDEX (9/11 cột khớp)" in _infos(at)
    picker.select("PAPI 2023").run()
    assert not at.exception and "Chỉ số: PAPI (9/10 cột khớp)" in _infos(at)
    assert "Đã đọc 8 dòng (trang PAPI 2023)" in [_read(m.value) for m in at.markdown]
    assert picker.value == "PAPI 2023" and at.selectbox(key=picker.key).value == "PAPI 2023"
    at.selectbox(key=picker.key).select("Hướng dẫn").run()     # the guide: no units, no values; the picker stays
    assert not at.exception and at.error and "Chỉ số: PAR INDEX (9/11 cột khớp)" not in _infos(at)
    assert at.selectbox(key=picker.key).options == picker.options
    at.selectbox(key=picker.key).select("PAR 2023").run()
    assert not at.error and "Chỉ số: PAR INDEX (9/11 cột khớp)" in _infos(at)


def test_each_step_is_shown_as_it_happens(archive):
    at = _upload(archive, "par.csv", files.par_semicolon_csv())
    [status] = at.get("status")
    assert (status.label, status.state) == ("Sẵn sàng: 0 lỗi, 0 cảnh báo", "complete")
    steps = [_read(m.value) for m in at.markdown if m.value.startswith(("Đã ", "Chỉ số"))]
    assert steps == ["Đã đọc 7 dòng",  # a CSV: no word of sheets
                     "Chỉ số PAR INDEX: 9 cột được ghép với chỉ tiêu",
                     "Đã xác định 7 đơn vị, kiểm tra 63 giá trị: 0 lỗi, 0 cảnh báo"]


def test_the_status_label_follows_the_steps_in_order(archive, monkeypatch):
    from streamlit.elements.lib.mutable_status_container import StatusContainer

    labels: list[str] = []
    real = StatusContainer.update

    def update(self, *, label=None, **kw):
        labels.append(label)
        return real(self, label=label, **kw)

    monkeypatch.setattr(StatusContainer, "update", update)
    _upload(archive, "par.csv", files.par_semicolon_csv())
    assert labels == ["Đang tìm bảng số liệu…", "Đang ghép các cột với chỉ tiêu…",
                      "Đang xác định 7 đơn vị và kiểm tra 63 giá trị…", "Sẵn sàng: 0 lỗi, 0 cảnh báo"]


def test_the_core_tells_each_step_with_its_facts():
    told: list[tuple[str, dict]] = []
    plan_import(files.onestop_report_xlsx(), "t5.xlsx", Store(), progress=lambda step, facts: told.append((step, facts)))
    assert told == [("read", {"sheets": 1}), ("table", {"sheet": "Tháng 5", "rows": 11, "columns": 8}),
                    ("mapping", {"index": "svc766", "columns": 6}), ("validate", {"units": 11, "values": 66}),
                    ("ready", {"errors": 0, "warnings": 0})]


def test_a_saved_mapping_is_offered_and_reused(archive):
    plan = plan_import(files.par_semicolon_csv(), "par.csv", Store(), Options(index="par", period="2023"))
    archive.save_mapping("phu-luc-par", mapping_to_dict(plan.mapping))
    untitled = files.par_semicolon_csv(title=False)                  # next year's annex: same columns, no title
    at = _upload(archive, "par-2024.csv", untitled)
    assert at.selectbox(key="import_saved_mapping").options == ["(không dùng)", "phu-luc-par"]
    at.selectbox(key="import_saved_mapping").select("phu-luc-par").run()
    at.text_input(key="import_period").input("2024").run()
    assert not at.exception and "Dùng lại cách ghép cột đã lưu" in _infos(at)
    assert not at.warning and any("Không có lỗi hay cảnh báo" in s.value for s in at.success)
    assert "7 dòng, 63 giá trị; 0 lỗi, 0 cảnh báo" in [c.value for c in at.caption]


def test_the_period_typed_under_the_mapping_is_the_one_checked(archive):
    at = _upload(archive, "par.csv", files.par_semicolon_csv(title=False))   # no title: no period found
    assert "Chưa xác định được kỳ số liệu: hãy chọn kỳ" in _infos(at) and at.error
    [period] = [w for w in at.text_input if w.key.startswith("import_period_") and w.key != "import_period"]
    period.input("2023").run()
    assert not at.exception and not at.error and "7 dòng, 63 giá trị; 0 lỗi, 0 cảnh báo" in [c.value for c in at.caption]
    assert [s.label for s in at.get("status")] == ["Sẵn sàng: 1 lỗi, 0 cảnh báo", "Sẵn sàng: 0 lỗi, 0 cảnh báo"]
    at.text_input(key="import_period").input("2024").run()        # a period chosen above afterwards wins
    [period] = [w for w in at.text_input if w.key.startswith("import_period_")]
    assert period.value == "2024" and [s.label for s in at.get("status")] == ["Sẵn sàng: 0 lỗi, 0 cảnh báo"]


def test_a_saved_mapping_of_another_shape_is_said_not_to_fit(archive):
    plan = plan_import(files.par_semicolon_csv(), "par.csv", Store(), Options(index="par", period="2023"))
    archive.save_mapping("phu-luc-par", mapping_to_dict(plan.mapping))
    at = _upload(archive, "papi.csv", files.papi_wide_csv())
    at.selectbox(key="import_saved_mapping").select("phu-luc-par").run()
    assert [_read(w.value) for w in at.warning] == [
        "Cách hiểu cột đã lưu “phu-luc-par” không khớp với bảng này (khác cột hoặc khác chỉ số): đã đề xuất "
        "cách hiểu mới, hãy kiểm tra lại."]
    assert "Dùng lại cách ghép cột đã lưu" not in _infos(at) and "Chỉ số: PAPI (9/10 cột khớp)" in _infos(at)


HOSTILE = "\n".join([
    "[Bấm vào đây](http://evil.example/login) <script>alert(1)</script> NĂM 2023;;",
    "Tỉnh, thành phố;Chỉ số CCHC;![ảnh](http://evil.example/a.png)",
    "Quang Ninh [x](http://e.x);91,43;1",             # unknown, with suggestions: a unit-fix picker each
    "Ha Noi <script>;90,11;2",
    "Hai Phongg ![](a.png);89,00;3",
]).encode("utf-8")


def test_text_from_the_file_is_never_markdown(archive):
    at = _upload(archive, "hostile.csv", HOSTILE)
    at.selectbox(key="import_index").select("par").run()
    shown = _every_text(at)
    fixes = [s for s in shown if s.startswith("Dòng ")]
    assert [_read(s) for s in fixes] == ["Dòng 3: Không tìm thấy đơn vị “Quang Ninh [x](http://e.x)”",
                                         "Dòng 4: Không tìm thấy đơn vị “Ha Noi <script>”",
                                         "Dòng 5: Không tìm thấy đơn vị “Hai Phongg ![](a.png)”"]
    assert any("Bấm vào đây" in s for s in shown) and any("a.png" in _read(s) for s in shown)
    live = [s for s in shown if re.search(r"(?<!\\)(\]\(|<script|!\[)", s)]
    assert live == []
    title = next(c.value for c in at.caption if "Bấm vào đây" in c.value)
    assert title.startswith("Tiêu đề trong tệp: \\[Bấm vào đây\\]\\(http\\://evil\\.example/login\\) \\<script\\>")


# ---------------------------------------------------------------- templates of a level, a period and a parent
@pytest.fixture()
def downloads(monkeypatch):
    """Every st.download_button of the run: key → (file name, the data: bytes or the callable building them)."""
    calls: dict[str, tuple[str, object]] = {}
    real = st.download_button

    def spy(label, data, file_name=None, mime=None, **kw):
        calls[kw.get("key")] = (file_name, data)
        return real(label, data, file_name=file_name, mime=mime, **kw)

    monkeypatch.setattr(st, "download_button", spy)
    return calls


def _built(data) -> bytes:
    return data() if callable(data) else data


def test_a_commune_template_lists_the_communes_of_one_district(archive, downloads):
    archive.add_user("bien.tap", "mat-khau-du-dai", "editor")
    at = _open(PAGES[0], user=EDITOR)
    at.selectbox(key="tpl_index").select("hy_par_xa").run()
    assert at.selectbox(key="tpl_level_hy_par_xa").options == ["Cấp huyện", "Cấp xã"]
    at.selectbox(key="tpl_level_hy_par_xa").select("commune").run()
    at.selectbox(key="tpl_period_hy_par_xa").select("2024").run()
    province = at.selectbox(key="tpl_province_hy_par_xa_commune_vn63")
    assert province.value == "vn63:province:33"                       # the index's own province, preselected
    at.selectbox(key="tpl_district_vn63:province:33").select("vn63:district:332").run()
    assert not at.exception
    assert any(c.value.startswith("Mẫu liệt kê 11 đơn vị: Thị trấn Vương, ") for c in at.caption)
    name, data = downloads["tpl_csv"]
    rows = list(csv.reader(io.StringIO(_built(data).decode("utf-8-sig"))))
    assert name == "mau-hy_par_xa-commune-2024-332.csv"
    assert [r[:2] for r in rows[:2]] == [["Mã đơn vị", "Tên đơn vị"], ["vn63:commune:12337", "Thị trấn Vương"]]
    assert len(rows) == 12 and all(r[0].startswith("vn63:commune:") for r in rows[1:])
    assert "Xã Hải Thắng" in [r[1] for r in rows]
    name, data = downloads["tpl_xlsx"]
    sheet = openpyxl.load_workbook(io.BytesIO(_built(data))).worksheets[0]
    assert name.endswith(".xlsx") and sheet["A1"].value == "CCHC huyện, xã (Hưng Yên) — Năm 2024 — Cấp xã — " \
                                                            "Huyện Tiên Lữ"
    assert sheet["B4"].value == "Thị trấn Vương" and sheet.max_row == 14


@pytest.mark.parametrize("index, level, period, count", [
    ("svc766", "commune", "2025-07", 104),     # the communes of today's Hưng Yên (the index's own province)
    ("svc766", "province", "2024-05", 63),     # before the merger: 63 provinces
    ("papi", "province", "2023", 63),
    ("hy_par_xa", "district", "2024", 10),
])
def test_the_template_follows_level_period_and_parent(archive, downloads, index, level, period, count):
    archive.add_user("bien.tap", "mat-khau-du-dai", "editor")
    at = _open(PAGES[0], user=EDITOR)
    at.selectbox(key="tpl_index").select(index).run()
    at.selectbox(key=f"tpl_level_{index}").select(level).run()
    at.selectbox(key=f"tpl_period_{index}").select(period).run()
    assert not at.exception
    rows = list(csv.reader(io.StringIO(_built(downloads["tpl_csv"][1]).decode("utf-8-sig"))))
    assert len(rows) - 1 == count


def _type_into(box, text: str):
    """Type a new option into a select box that accepts them: the browser then sends the typed text as the
    value, which AppTest's ``select`` refuses for a text that is not among the options."""
    box.options.append(text)
    return box.select(text)


def test_a_typed_period_is_used_and_one_that_is_not_a_period_is_said(archive, downloads):
    archive.add_user("bien.tap", "mat-khau-du-dai", "editor")
    at = _open(PAGES[0], user=EDITOR)
    at.selectbox(key="tpl_index").select("papi").run()
    _type_into(at.selectbox(key="tpl_period_papi"), "2030").run()      # a period with no data yet: today's 34
    assert not at.warning and downloads["tpl_csv"][0] == "mau-papi-province-2030.csv"
    assert len(_built(downloads["tpl_csv"][1]).splitlines()) == 1 + 34


def test_a_typed_period_that_is_not_one_is_said(archive, downloads):
    archive.add_user("bien.tap", "mat-khau-du-dai", "editor")
    at = _open(PAGES[0], user=EDITOR)
    at.selectbox(key="tpl_index").select("papi").run()
    downloads.clear()
    _type_into(at.selectbox(key="tpl_period_papi"), "năm ngoái").run()
    assert [_read(w.value) for w in at.warning] == ["“năm ngoái” không phải là một kỳ (năm, quý hoặc tháng)"]
    assert "tpl_csv" not in downloads
