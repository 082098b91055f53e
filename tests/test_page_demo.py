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
