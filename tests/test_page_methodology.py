"""AppTest smoke tests: methodology and data pages, URL state and language."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return at.switch_page(page).run()


def test_methodology_is_generated_from_the_definitions():
    at = open_page("views/methodology.py")
    assert not at.exception
    assert at.header[0].value == "Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh"
    assert "DỮ LIỆU MINH HỌA" in at.warning[0].value
    structure = at.dataframe[0].value
    assert len(structure) == 37 and "6.1" in list(structure["code"])
    at.selectbox(key="w:index").select("svc766").run()
    assert not at.exception and "Quyết định 766" in at.header[0].value
    assert at.query_params["index"] in ("svc766", ["svc766"])  # the link now reproduces this view


def test_methodology_deep_link_and_english():
    at = open_page("views/methodology.py", index="par", lang="en")
    assert not at.exception
    assert at.header[0].value == "Provincial Public Administration Reform Index (PAR INDEX)"
    assert "DEMO DATA" in at.warning[0].value
    assert any("Group A: from 90" in str(v) for v in at.table[0].value.values.ravel())


def test_bad_link_value_falls_back_with_a_warning():
    at = open_page("views/methodology.py", index="nope")
    assert not at.exception
    assert at.header[0].value.startswith("Chỉ số Hiệu quả")
    assert any("index=nope" in w.value for w in at.warning)


def test_data_page_lists_datasets():
    at = open_page("views/data.py")
    assert not at.exception and len(at.dataframe[0].value) == 7
