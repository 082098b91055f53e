"""The demo banner (ui/page.py, ui/controls.demo_banner): a page is marked demo exactly when a figure it
shows is demo data — its period, the periods its changes and sparklines read, and on pages of the whole
history (trends, profile, compare) any period."""

import polars as pl
import pytest

from cchc.archive import Archive
from cchc.words import word
from tests.pages_helpers import open_page

HN, HUE, HCM = "vn63:province:01", "vn63:province:46", "vn63:province:79"
BANNER = word("demo_banner", "vi")


@pytest.fixture()
def real_until_2023(tmp_path, monkeypatch):
    """Real PAPI totals for 2018–2023 (the last 8 periods up to 2023); 2024 and 2025 stay demo."""
    archive = Archive(tmp_path / "imported")
    for period in ("2018", "2019", "2020", "2021", "2022", "2023"):
        rows = pl.DataFrame({"unit_id": [HN, HUE, HCM], "period": [period] * 3, "indicator_id": ["papi"] * 3,
                             "value": [40.0, 41.0, 42.5]})
        archive.write(f"real-{period}", rows, index="papi", user="lan", file_name=f"{period}.csv", data=b"x",
                      mapping={})
    monkeypatch.setenv("CCHC_IMPORT_DIR", str(archive.folder))
    return archive


def _marked(at) -> bool:
    return any(BANNER in w.value for w in at.warning)


@pytest.mark.parametrize("page, period, marked", [
    ("views/rankings.py", "2023", False),   # 2023 and everything its changes and sparklines read is real
    ("views/rankings.py", "2024", True),    # a demo period
    ("views/overview.py", "2023", False),
    ("views/trends.py", "2023", True),      # the lines run into 2024 and 2025, demo
    ("views/profile.py", "2023", True),
])
def test_the_banner_shows_exactly_when_a_figure_shown_is_demo(real_until_2023, page, period, marked):
    at = open_page(page, strict=True, index="papi", period=period, unit=HN)
    assert _marked(at) is marked


def test_the_dataset_picker_shows_one_datasets_rows_and_lives_in_the_url(real_until_2023):
    at = open_page("views/rankings.py", strict=True, index="papi", period="2023")
    picker = at.selectbox(key="w:dataset")
    assert picker.value == "" and picker.options[0] == word("dataset_shown", "vi")
    assert "real-2023" in picker.options and "PAPI cấp tỉnh 2018–2025 (dữ liệu minh họa)" in picker.options
    picker.set_value("papi").run()                                     # the bundled (demo) rows only
    assert not at.exception and at.query_params["dataset"] in ("papi", ["papi"]) and _marked(at)
    table = at.dataframe[0].value
    assert table[table["kind"] == "unit"]["rank"].notna().sum() == 61  # the demo year as bundled
    picker = at.selectbox(key="w:dataset").set_value("real-2023").run()
    assert not at.exception and not _marked(at) and at.query_params["dataset"] in ("real-2023", ["real-2023"])
    table = at.dataframe[0].value
    units = table[table["kind"] == "unit"]
    assert units.shape[0] == 63 and units["rank"].notna().sum() == 3  # every province listed, 3 of them scored


def test_a_link_to_an_unknown_dataset_falls_back_with_a_warning(real_until_2023):
    at = open_page("views/rankings.py", strict=True, index="papi", period="2023", dataset="nope")
    assert at.selectbox(key="w:dataset").value == ""
    assert any("dataset=nope" in w.value for w in at.warning)


def test_without_imports_there_is_no_dataset_picker(monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_IMPORT_DIR", str(tmp_path / "none"))
    at = open_page("views/rankings.py", strict=True, index="papi", period="2023")
    assert not [s for s in at.selectbox if s.key == "w:dataset"]


def test_in_the_presentation_only_the_slide_of_the_whole_history_carries_the_demo_badge(real_until_2023):
    at = open_page("views/present.py", strict=True, index="papi", period="2023", units=HN)
    badge = word("demo_badge", "vi")
    badges = [m.value for m in at.markdown if m.value.startswith(":orange-badge") and badge in m.value]
    notes = [m.value for m in at.markdown if "Nguồn" in m.value and "MINH HỌA" in m.value]
    assert len(badges) == len(notes) == 1  # the trend slide (its lines reach demo 2024, 2025); bars, map: real
    at = open_page("views/present.py", strict=True, index="papi", period="2024", units=HN)
    assert len([m.value for m in at.markdown if m.value.startswith(":orange-badge")]) >= 4  # demo: every slide
