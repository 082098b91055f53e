"""Smoke tests of the Streamlit app with AppTest (no browser)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"


def test_home_lists_the_bundled_datasets():
    at = AppTest.from_file(str(APP), default_timeout=60).switch_page("views/data.py").run()
    assert not at.exception
    assert at.title[0].value == "Dữ liệu"  # the page name (it said the app title before)
    assert any("Dữ liệu minh họa" in w.value for w in at.warning)
    table = at.dataframe[0].value
    assert len(table) == 7
    assert "PAPI cấp tỉnh 2018–2025 (dữ liệu minh họa)" in list(table["title"])


def test_home_shows_a_clear_error_when_data_are_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(APP), default_timeout=60).switch_page("views/data.py").run()
    assert not at.exception
    assert at.error and "Không đọc được dữ liệu" in at.error[0].value
