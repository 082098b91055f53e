"""Browser tests of importing real data and of who may do it: an editor logs in (local account, and
by OIDC against a small local provider), uploads a table, corrects the mapping, imports, and sees
the new period in the league table; a visitor and a viewer are refused, by URL too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError

from cchc.archive import Archive
from tests import intake_files as files
from tests.browser import free_port, streamlit_server, wait_for_charts, wait_idle
from tests.oidc_provider import OidcProvider

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-du-dai"
# PAR INDEX 2026 of seven provinces (names on today's 34-province boundaries), semicolons and decimal
# commas; the total's header is not one the mapping knows, so the editor must say what it is.
PAR_2026 = "\n".join([
    "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026;;;;;;;;;;",
    "STT;Tỉnh, thành phố;Lĩnh vực 1;Lĩnh vực 2;Lĩnh vực 3;Lĩnh vực 4;Lĩnh vực 5;Lĩnh vực 6;Lĩnh vực 7;Lĩnh vực 8;"
    "Kết quả xếp loại (%)",
    "1;Tỉnh Quảng Ninh;7,98;7,62;12,17;8,28;11,91;8,08;12,76;23,38;92,18",
    "2;TP. Hải Phòng;8,47;8,16;11,91;8,30;11,96;8,54;12,21;22,32;91,87",
    "3;TP. Hà Nội;8,27;7,82;11,73;8,63;11,41;8,87;12,96;21,74;91,43",
    "4;TP. Hồ Chí Minh;8,22;7,97;11,44;8,31;11,59;7,85;13,93;20,91;90,22",
    "5;TP. Huế;7,62;7,78;11,62;7,89;11,85;7,74;12,66;22,10;89,26",
    "6;Tỉnh Hưng Yên;7,70;7,41;12,01;8,09;11,20;7,57;12,64;20,42;87,04",
    "7;Tỉnh An Giang;7,28;6,89;10,74;7,34;10,83;7,79;10,95;19,50;81,32",
]).encode("utf-8")


@pytest.fixture(scope="module")
def imports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("imported")
    archive = Archive(folder)
    archive.add_user("bien.tap", PASSWORD, "editor")
    archive.add_user("nguoi.xem", PASSWORD, "viewer")
    return folder


@pytest.fixture(scope="module")
def server(imports):
    with streamlit_server(env={"CCHC_IMPORT_DIR": str(imports)}) as url:
        yield url


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN")
    yield context.new_page()
    context.close()


def _open(page, url: str) -> None:
    page.goto(url)
    wait_idle(page)


def _log_in(page, name: str) -> None:
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text(f"Đăng nhập: {name}").wait_for()
    wait_idle(page)


def _choose(page, label: str, option) -> None:
    """Pick ``option`` in the select box labelled ``label`` and wait for the rerun. A list re-drawn by a
    rerun under the pointer is opened again (at most three tries)."""
    for attempt in range(3):
        wait_idle(page)
        page.get_by_label(label, exact=True).click()
        listbox = page.get_by_role("listbox")
        try:
            listbox.wait_for(timeout=5_000)
            listbox.get_by_role("option", name=option).first.click(timeout=5_000)
            break
        except PlaywrightError:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    wait_idle(page)


def _accept_warnings(page) -> None:
    """Tick "Tôi đã xem … cảnh báo" when the report has warnings, until the import button shows. The report
    is drawn again after a corrected mapping is checked: a tick on the report being replaced is retried."""
    button = page.get_by_role("button", name="Nhập dữ liệu")
    for attempt in range(3):
        wait_idle(page)
        if button.count():
            return
        try:
            page.get_by_text("Tôi đã xem").click(timeout=10_000)
        except PlaywrightError:
            if attempt == 2:
                raise
    button.wait_for()


@pytest.mark.parametrize("path", ["/import", "/history"])
def test_a_visitor_is_refused_by_url(page, server, path):
    _open(page, server + path)
    assert page.get_by_text("Chỉ biên tập viên và quản trị viên").count() == 1
    assert page.locator('input[type="file"]').count() == 0 and page.get_by_role("button", name="Khôi phục").count() == 0


@pytest.mark.parametrize("path", ["/import", "/history"])
def test_a_viewer_is_refused(page, server, path):
    _open(page, server + path)
    _log_in(page, "nguoi.xem")
    assert page.get_by_text("chỉ được xem").count() == 1
    assert page.locator('input[type="file"]').count() == 0


def test_an_editor_imports_and_sees_the_new_period(page, server, imports):
    _open(page, server + "/import")
    _log_in(page, "bien.tap")
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": "par-2026.csv", "mimeType": "text/csv", "buffer": PAR_2026}])
    page.get_by_text("Ý nghĩa của từng cột").wait_for()
    wait_idle(page)
    # "Lĩnh vực 1…8" fit PAPI's codes as well as PAR INDEX's areas: say which index it is
    _choose(page, "Chỉ số", "PAR INDEX")
    # the total's column is not recognised: say what it is
    _choose(page, "Kết quả xếp loại (%)", "Chỉ số cải cách hành chính cấp tỉnh (PAR INDEX)")
    page.get_by_text("Kết quả kiểm tra").wait_for()
    _accept_warnings(page)
    page.get_by_role("button", name="Nhập dữ liệu").click()
    page.get_by_text("Đã nhập phiên bản").wait_for()
    wait_idle(page)
    assert [v.id for v in Archive(imports).history("real-par")] == ["real-par@1"]
    page.get_by_role("link", name="Xem bảng xếp hạng").click()
    page.wait_for_url(re.compile(r"/rankings"))
    wait_for_charts(page)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "Năm 2026" in text and "Quảng Ninh" in text
    assert "92,18" in page.locator(".js-plotly-plot").first.inner_text()


def test_an_editor_logs_in_by_oidc(browser, tmp_path):
    """Streamlit's st.login against a local OpenID provider; the e-mail's role comes from secrets.toml."""
    with OidcProvider(email="chuyenvien@snv.example.vn", name="Chuyên viên") as idp:
        port = free_port()
        app = f"http://127.0.0.1:{port}"
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(idp.secrets_toml(app, roles={"editor": ["chuyenvien@snv.example.vn"]}), encoding="utf-8")
        with streamlit_server(env={"CCHC_IMPORT_DIR": str(tmp_path / "imported")},
                              args=["--secrets.files", str(secrets)], port=port) as url:
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            page = context.new_page()
            _open(page, url + "/import")
            assert page.get_by_text("Chỉ biên tập viên và quản trị viên").count() == 1
            page.get_by_role("button", name="Đăng nhập bằng tài khoản cơ quan").click()
            page.wait_for_url(re.compile(re.escape(url) + r"/?$"))  # back from the provider, on the home page
            wait_idle(page)
            _open(page, url + "/import")
            page.get_by_text("Đăng nhập: Chuyên viên (biên tập viên)").wait_for()
            assert page.locator('input[type="file"]').count() == 1 and idp.logins == 1
            context.close()


def _workbook() -> bytes:
    """A workbook of three sheets: a one-line guide, the PAR INDEX 2023 annex, PAPI 2023 (English names)."""
    par = [line.split(";") for line in files.par_semicolon_csv().decode("utf-8").splitlines()]
    papi = [line.split(",") for line in files.papi_wide_csv().decode("utf-8").splitlines()]
    return files.xlsx_bytes({"Hướng dẫn": [["Điền số liệu vào các trang sau"]], "PAR 2023": par,
                             "PAPI 2023": [["KẾT QUẢ PAPI NĂM 2023"], *papi]})


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_an_editor_picks_the_sheet_of_a_workbook(browser, server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    try:
        _open(page, server + "/import")
        phone = width < 700
        if phone:  # on a phone the sidebar (with the login form) starts closed: open it, log in, close it
            page.get_by_test_id("stExpandSidebarButton").click()
        _log_in(page, "bien.tap")
        if phone:
            page.get_by_test_id("stSidebarCollapseButton").first.click()
            wait_idle(page)
        page.locator('input[type="file"]').set_input_files(files=[{
            "name": "phu-luc.xlsx", "buffer": _workbook(),
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
        page.get_by_text("Ý nghĩa của từng cột").wait_for()
        wait_idle(page)
        assert page.get_by_text("Chỉ số: PAR INDEX").count() == 1
        _choose(page, "Trang tính", "PAPI 2023")
        page.get_by_text("Chỉ số: PAPI").wait_for()
        page.get_by_text("Sẵn sàng: 0 lỗi, 8 cảnh báo").wait_for()       # the steps, in the status' label
        page.get_by_text("Sẵn sàng: 0 lỗi, 8 cảnh báo").click()           # and, opened, one line per step
        page.get_by_text("Đã đọc 8 dòng (trang PAPI 2023)").wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    finally:
        context.close()
