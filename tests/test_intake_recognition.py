"""cchc/intake/recognition.py: which index a table is — vocabulary, scale fit, level — and a table that
fits several indices equally is ambiguous, never guessed."""

from __future__ import annotations

import pytest

from cchc.intake.mapping import propose_mapping
from cchc.intake.pipeline import Options, plan_import
from cchc.intake.recognition import family_of, mark_count, marks_of, misfits
from cchc.store import Store
from tests import intake_files as files
from tests.intake_files import make_table


@pytest.fixture(scope="module")
def store() -> Store:
    return Store()


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(";".join(r) for r in rows).encode("utf-8")


# PAR INDEX 2023 areas as the annex numbers them, no names: "Lĩnh vực 1" … "Lĩnh vực 8"; totals over 80, which is
# above PAPI's scale (8–80) but inside PAR INDEX's (0–100)
PAR_AREAS = _csv([["KẾT QUẢ CHỈ SỐ CCHC NĂM 2023"],
                  ["STT", "Tỉnh, thành phố", *[f"Lĩnh vực {k}" for k in range(1, 9)], "Chỉ số CCHC"],
                  ["1", "TP. Hà Nội", "8,27", "8,10", "12,05", "8,61", "12,44", "8,50", "12,22", "21,24", "91,43"],
                  ["2", "Tỉnh Quảng Ninh", "7,98", "8,52", "12,31", "8,12", "12,02", "8,40", "11,66", "21,10", "90,11"],
                  ["3", "Tỉnh Hưng Yên", "7,12", "7,60", "11,20", "7,90", "11,36", "8,02", "10,10", "19,30", "82,60"]])
SIPAS = _csv([["KẾT QUẢ CHỈ SỐ HÀI LÒNG VỀ SỰ PHỤC VỤ HÀNH CHÍNH NĂM 2023"],
              ["Tỉnh", "Tiếp cận dịch vụ", "Thủ tục hành chính", "Công chức trực tiếp giải quyết công việc",
               "Kết quả cung ứng dịch vụ", "Tiếp nhận, xử lý ý kiến góp ý, phản ánh, kiến nghị", "Chỉ số hài lòng"],
              ["Hà Nội", "82,1", "80,4", "83,0", "81,7", "75,2", "80,48"],
              ["Hưng Yên", "85,3", "84,0", "86,2", "85,1", "79,9", "84,10"]])


@pytest.mark.parametrize("data, name, index", [
    (files.papi_wide_csv(), "papi.csv", "papi"),                         # "D1 Participation …", "Total"
    (PAR_AREAS, "par.csv", "par"),                                        # the audit's table: proposed as PAPI before
    (files.par_semicolon_csv(), "par-annex.csv", "par"),                  # "Lĩnh vực 1: Công tác chỉ đạo …"
    (SIPAS, "sipas.csv", "sipas"),
    (files.onestop_report_xlsx(), "tien-lu-t5.xlsx", "svc766"),
])
def test_each_published_table_is_proposed_as_its_index(store, data, name, index):
    plan = plan_import(data, name, store, Options(period="2023" if index != "svc766" else None))
    assert plan.mapping.index == index
    assert not [p for p in plan.report.problems if p.code in ("ambiguous_index", "out_of_scale")]


def test_the_par_areas_table_imports_clean_without_index(store):
    plan = plan_import(PAR_AREAS, "par.csv", store)
    assert (plan.mapping.index, plan.report.errors) == ("par", [])
    assert plan.mapping.indicators == {**{k + 1: f"par.{k}" for k in range(1, 9)}, 10: "par"}


def test_a_table_that_fits_several_indices_equally_asks_for_the_index(store):
    """"D1, D2, Tổng" of provinces: PAPI, PAR INDEX and SIPAS all have components 1 and 2 and a total whose
    scale holds 45,5; the 766 index too (its group 1 up to 18, group 2 up to 22). Departments' and districts'
    indices are left out by the units' level."""
    data = _csv([["Tỉnh", "D1", "D2", "Tổng"], ["Hà Nội", "5,10", "6,20", "45,50"], ["Huế", "4,90", "6,00", "44,10"]])
    plan = plan_import(data, "t.csv", store, Options(period="2023"))
    first = plan.report.errors[0]
    assert (first.code, first.suggestions) == ("ambiguous_index", ("papi", "par", "sipas", "svc766"))
    assert first.message.startswith("Không rõ bảng thuộc chỉ số nào, các chỉ số khớp như nhau: PAPI (papi), "
                                    "PAR INDEX (par), SIPAS (sipas), Chỉ số 766 (svc766).")
    chosen = plan_import(data, "t.csv", store, Options(period="2023", index="par"))
    assert "ambiguous_index" not in {p.code for p in chosen.report.problems}


def test_the_scale_decides_between_equal_vocabularies(store):
    """Same headers; totals over 80 cannot be PAPI (8–80), totals under 8 … cannot be PAR INDEX's areas (≤ 9)
    but fit PAPI's dimensions (1–10)."""
    over = make_table(["Tỉnh", "D1", "Tổng"], [["Hà Nội", "5,1", "91,4"], ["Huế", "4,9", "88,0"]], decimal=",")
    assert propose_mapping(over, store, period="2023")[0].index != "papi"
    tens = make_table(["Tỉnh", "D1", "D2", "Tổng"], [["Hà Nội", "9,5", "9,8", "45,1"], ["Huế", "9,6", "9,9", "44"]],
                      decimal=",")
    assert propose_mapping(tens, store, period="2023")[0].index == "papi"


@pytest.mark.parametrize("index, family, marks", [
    ("par", "par", {"cchc", "parindex", "caicachhanhchinh", "linhvuc"}),
    ("hy_par_xa", "par", {"cchc", "parindex", "caicachhanhchinh", "linhvuc"}),
    ("papi", "papi", {"papi", "quantrivahanhchinhcong", "governance", "noidung", "dimension"}),
    ("sipas", "sipas", {"sipas", "hailong", "satisfaction"}),
    ("svc766", "svc766", {"766", "hoso", "motcua", "tiepnhan"}),
])
def test_marks_of_each_family(store, index, family, marks):
    assert family_of(index) == family and marks <= marks_of(store.definition(index))   # and its short names


def test_mark_count_reads_the_title_and_headers_once_each(store):
    table = make_table(["Tỉnh", "Lĩnh vực 1", "Chỉ số CCHC"], [], title="CHỈ SỐ CCHC (PAR INDEX) — cải cách hành chính")
    assert mark_count(store.definition("par"), table) == 4 and mark_count(store.definition("papi"), table) == 0


def test_misfits_count_numbers_outside_the_scale_and_bad_counts(store):
    table = make_table(["Đơn vị", "D1", "Tổng", "Tiếp nhận"],
                       [["a", "10,5", "81", "3,5"], ["b", "x", "79,9", "-1"], ["c", "", "8", "12"]], decimal=",")
    assert misfits(table, store.definition("papi"), {1: "papi.1", 2: "papi"}) == 2       # 10,5 > 10; 81 > 80
    assert misfits(table, store.definition("svc766"), {3: "onestop.received"}) == 2      # 3,5 and -1
