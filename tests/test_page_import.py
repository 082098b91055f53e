"""AppTest of the import and history pages: who may write. Without configuration the app
is read-only for everyone; with accounts, visitors and viewers are refused (by URL too),
editors get the upload."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cchc.archive import Archive
from tests.pages_helpers import APP

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
