"""Reading files into cell texts: kinds, encodings, delimiters, workbooks, refusals."""

import codecs
import csv
import io
import random
import time
import unicodedata
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.intake import guard, reading
from cchc.intake.model import IntakeError, RawFile
from cchc.intake.reading import MAX_BYTES, MAX_ROWS, read_file, sniff_delimiter
from tests.intake_files import (encode_cp1258, onestop_counts, onestop_report_xlsx, papi_wide_csv,
                                par_semicolon_csv, xls_bytes, xlsx_bytes, xlsx_with_formulas)

FAST = settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _only_sheet(raw: RawFile):
    assert len(raw.sheets) == 1
    return raw.sheets[0]


# ---------------------------------------------------------------- CSV: encodings
def test_papi_table_is_utf8_comma_separated_with_every_row():
    raw = read_file(papi_wide_csv(), "papi_2023.csv")
    sheet = _only_sheet(raw)
    assert (raw.kind, raw.encoding, raw.delimiter, sheet.name) == ("csv", "utf-8", ",", "papi_2023")
    assert sheet.rows[0][:2] == ["Province", "D1 Participation at local levels"]
    assert sheet.rows[0][-1] == "Total"
    assert sheet.row_numbers == list(range(1, 10))
    hue = next(r for r in sheet.rows if r[0] == "Thua Thien Hue")
    assert hue[-1] == "46.0415"
    quang_ninh = next(r for r in sheet.rows if r[0] == "Quang Ninh")
    assert quang_ninh[1:-1] == [None] * 8 and quang_ninh[-1] == "-"
    assert sheet.merged == []


@pytest.mark.parametrize(("encoding", "bom", "found"), [("utf-8", False, "utf-8"), ("utf-8", True, "utf-8-sig"),
                                                       ("cp1258", False, "cp1258")])
def test_par_annex_in_each_encoding_reads_the_same_vietnamese(encoding, bom, found):
    data = par_semicolon_csv(encoding, bom=bom)
    raw = read_file(data, "par_2023.csv")
    sheet = _only_sheet(raw)
    assert (raw.encoding, raw.delimiter) == (found, ";")
    assert sheet.rows[1][:2] == ["STT", "Tỉnh, thành phố"]          # no BOM left in the first cell
    names = [row[1] for row in sheet.rows[2:]]
    assert names == ["Tỉnh Quảng Ninh", "TP. Hải Phòng", "TP. Hà Nội", "TP. Hồ Chí Minh", "Tỉnh Thừa Thiên Huế",
                     "Tỉnh Hưng Yên", "Tỉnh An Giang"]
    assert all(unicodedata.is_normalized("NFC", c) for row in sheet.rows for c in row if c)
    assert sheet.rows[2][-1] == "92,18"
    assert sheet.rows == _only_sheet(read_file(par_semicolon_csv(), "x.csv")).rows


def test_cp1258_writes_tone_marks_apart_and_reading_composes_them():
    data = encode_cp1258("Tỉnh;Điểm\r\nThừa Thiên Huế;46,04\r\nHưng Yên;42,09\r\n")
    assert "Huế" not in data.decode("cp1258")                         # "ế" is "ê" + a combining acute there
    raw = read_file(data, "cu.csv")
    assert raw.encoding == "cp1258"
    assert [r[0] for r in raw.sheets[0].rows] == ["Tỉnh", "Thừa Thiên Huế", "Hưng Yên"]


def test_nfd_text_in_utf8_is_returned_in_nfc():
    text = unicodedata.normalize("NFD", "Tên,Điểm\nXã Thiện Phiến,5\n")
    raw = read_file(text.encode("utf-8"), "nfd.csv")
    assert raw.sheets[0].rows[1][0] == "Xã Thiện Phiến" == unicodedata.normalize("NFC", "Xã Thiện Phiến")


def test_utf16_tab_text_as_excel_saves_unicode_text():
    data = codecs.BOM_UTF16_LE + "Tên đơn vị\tSố hồ sơ\r\nX. Hưng Đạo\t158\r\n".encode("utf-16-le")
    raw = read_file(data, "bao_cao.txt")
    assert (raw.kind, raw.encoding, raw.delimiter) == ("csv", "utf-16", "\t")
    assert raw.sheets[0].rows == [["Tên đơn vị", "Số hồ sơ"], ["X. Hưng Đạo", "158"]]


# ---------------------------------------------------------------- CSV: delimiters and splitting
@pytest.mark.parametrize(("text", "delimiter"), [
    ("Province,D1,D2\nHa Noi,5.2357,4.5291\nHue,5.4691,5.5369\n", ","),
    ("Tỉnh;Điểm\nTP. Hà Nội;91,43\nTỉnh Quảng Ninh;92,18\n", ";"),            # one comma and one ; on every line
    ("Tỉnh, thành phố;LV 1;LV 2\nTP. Hà Nội;8,27;7,82\nTỉnh An Giang;7,28;6,89\n", ";"),
    ("STT;Tên;A;B\n1;X. Lệ Xá;1,5;2,5\n2;Xã An Viên;3,5;4,5\n", ";"),
    ("Tên\tSố\nXã Thủ Sỹ\t1,5\nXã Lệ Xá\t2\n", "\t"),
    ('Tên,"Ghi chú; khác"\n"Xã A, B",1\nXã C,2\n', ","),
    ("Chỉ một cột\nXã A\nXã B\n", ","),
])
def test_delimiter_is_detected(text, delimiter):
    assert sniff_delimiter(text) == delimiter
    raw = read_file(text.encode("utf-8"), "t.csv")
    assert raw.delimiter == delimiter
    assert all(len(row) == len(raw.sheets[0].rows[0]) for row in raw.sheets[0].rows)


def test_quoted_cells_keep_delimiters_and_line_breaks_and_rows_keep_their_line_numbers():
    text = 'Tỉnh,Điểm\r\n"Hà Nội, thủ đô",5.2\r\n"Thừa Thiên\r\nHuế",4.1\r\nĐà Nẵng,"3,5"\r\n'
    sheet = read_file(text.encode("utf-8"), "q.csv").sheets[0]
    assert sheet.rows == [["Tỉnh", "Điểm"], ["Hà Nội, thủ đô", "5.2"], ["Thừa Thiên\r\nHuế", "4.1"],
                          ["Đà Nẵng", "3,5"]]
    assert sheet.row_numbers == [1, 2, 3, 5]


def test_empty_rows_are_kept_inside_and_trailing_ones_and_columns_dropped():
    text = "a;b;;\n\n;;;\n1;2;;\n;;;\n\n"
    sheet = read_file(text.encode("utf-8"), "e.csv").sheets[0]
    assert sheet.rows == [["a", "b"], [None, None], [None, None], ["1", "2"]]
    assert sheet.row_numbers == [1, 2, 3, 4]


def test_blank_cells_are_none_and_other_text_is_kept_as_written():
    sheet = read_file("A, B ,C\n x ,  ,=1+1\n".encode("utf-8"), "w.csv").sheets[0]
    assert sheet.rows == [["A", " B ", "C"], [" x ", None, "=1+1"]]


# ---------------------------------------------------------------- spreadsheets
def test_onestop_report_xlsx_gives_every_row_with_excel_numbers_and_merges():
    raw = read_file(onestop_report_xlsx(), "tien_lu_t5.xlsx")
    sheet = _only_sheet(raw)
    assert (raw.kind, raw.encoding, raw.delimiter, sheet.name) == ("xlsx", None, None, "Tháng 5")
    assert sheet.row_numbers == list(range(1, len(sheet.rows) + 1))
    assert sheet.rows[0][0] == "UBND HUYỆN TIÊN LỮ" and sheet.rows[2] == [None] * 8
    assert sheet.rows[3][:3] == ["STT", "Tên đơn vị", "Số hồ sơ tiếp nhận"]
    assert sheet.rows[5] == [f"({i})" for i in range(1, 9)]
    name, values = onestop_counts()[0]
    assert sheet.rows[6] == ["1", name, *map(str, values)]
    assert {(0, 0, 0, 7), (1, 0, 1, 7), (3, 0, 4, 0), (3, 1, 4, 1), (3, 2, 3, 3), (3, 4, 3, 6),
            (3, 7, 4, 7)} == set(sheet.merged)
    assert sheet.rows[-1][1] == "Người lập biểu"


def test_spreadsheet_numbers_come_as_their_shortest_text():
    data = xlsx_bytes({"S": [["a", 46.0415, 1800.0, 1800, 0.5, -3.25, 0.1 + 0.2, 1e-7, True]]})
    assert read_file(data, "n.xlsx").sheets[0].rows == [
        ["a", "46.0415", "1800", "1800", "0.5", "-3.25", "0.3", "0.0000001", "true"]]


def test_cells_keep_their_excel_row_and_column_when_the_sheet_starts_lower_right():
    rows = [[None] * 5, [None] * 5, [None, None, "Báo cáo"], [None] * 5, [None, None, "Tên", "Số"],
            [None, None, "Xã A", 3]]
    sheet = read_file(xlsx_bytes({"S": rows}, {"S": ["C3:D3"]}), "o.xlsx").sheets[0]
    assert sheet.rows[2][2] == "Báo cáo" and sheet.rows[4][2:] == ["Tên", "Số"]
    assert sheet.rows[5] == [None, None, "Xã A", "3"]
    assert sheet.row_numbers == [1, 2, 3, 4, 5, 6]
    assert sheet.merged == [(2, 2, 2, 3)]


def test_merged_ranges_beyond_the_values_are_clipped_to_the_rows_and_columns_kept():
    rows = [["BÁO CÁO THÁNG 5/2024"], ["Tên", "Số"], ["Xã A", 3]]
    sheet = read_file(xlsx_bytes({"S": rows}, {"S": ["A1:Z1", "A5:C9"]}), "rong.xlsx").sheets[0]
    assert len(sheet.rows) == 3 and len(sheet.rows[0]) == 2
    assert sheet.merged == [(0, 0, 0, 1)]


def test_every_sheet_is_read_in_order_and_empty_sheets_left_out():
    data = xlsx_bytes({"Hướng dẫn": [["Điền số liệu vào sheet Số liệu"]], "Trống": [],
                       "Số liệu": [["Tên", "Điểm"], ["Xã A", 1.5]]})
    raw = read_file(data, "two.xlsx")
    assert [s.name for s in raw.sheets] == ["Hướng dẫn", "Số liệu"]
    assert raw.sheets[1].rows == [["Tên", "Điểm"], ["Xã A", "1.5"]]


def test_genuine_xls_workbook_is_read():
    data = xls_bytes({"Biểu 1": [["Tên đơn vị", "Tổng số"], [None, None], ["Xã Hải Thắng", 345], ["Tổng", 46.0415]],
                      "Ghi chú": [[None, None, "Số liệu tháng 5"]]})
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    raw = read_file(data, "bao_cao.xls")
    assert raw.kind == "xls"
    assert [(s.name, s.rows, s.row_numbers) for s in raw.sheets] == [
        ("Biểu 1", [["Tên đơn vị", "Tổng số"], [None, None], ["Xã Hải Thắng", "345"], ["Tổng", "46.0415"]],
         [1, 2, 3, 4]),
        ("Ghi chú", [[None, None, "Số liệu tháng 5"]], [1])]


def test_xls_cells_keep_their_row_and_column_too():
    data = xls_bytes({"S": [[None] * 4, [None] * 4, [None, None, "Tên", "Số"], [None, None, "Xã A", 3]]})
    sheet = read_file(data, "o.xls").sheets[0]
    assert sheet.rows[2:] == [[None, None, "Tên", "Số"], [None, None, "Xã A", "3"]]
    assert sheet.row_numbers == [1, 2, 3, 4]


def test_kind_goes_by_content_not_by_name():
    assert read_file(onestop_report_xlsx(), "bao_cao.csv").kind == "xlsx"
    assert read_file(xls_bytes({"S": [["a", 1]]}), "bao_cao.xlsx").kind == "xls"
    assert read_file(b"a;b\n1;2\n", "bao_cao.xls").kind == "csv"     # "xls" exports that are really text


# ---------------------------------------------------------------- refusals
def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize(("data", "name", "words"), [
    (b"", "trong.csv", "is empty"),
    (random.Random(7).randbytes(4000), "rac.csv", "not a table"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "anh.csv", "not a table"),
    (b"\x00\x01\x02" * 50, "x.xlsx", "not one"),
    (b"Ten,Diem\nXa A,1\n", "doi_ten.xlsx", "not one"),
    (b";;;\n\n ; ;\n", "rong.csv", "no non-empty cell"),
    (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "bao_cao.xls", "HTML"),
    (_zip({"word/document.xml": b"<w/>"}), "thu.docx", "ZIP archive"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "b.ods", "OpenDocument"),
    (_zip({"xl/workbook.bin": b"\x00"}), "b.xlsb", "XLSB"),
    (_zip({"xl/workbook.xml": b"<not a workbook"}), "hong.xlsx", "not a readable Excel workbook"),
    (onestop_report_xlsx()[:3000], "cut.xlsx", "damaged ZIP"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "ole.xls", "damaged Office file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100) + "EncryptedPackage".encode("utf-16-le"), "k.xlsx",
     "password-protected"),
])
def test_unreadable_files_raise_one_clear_sentence_naming_the_file(data, name, words):
    with pytest.raises(IntakeError) as caught:
        read_file(data, name)
    message = str(caught.value)
    assert f'"{name}"' in message and words in message and "\n" not in message


def test_an_office_file_that_is_no_workbook_is_refused():
    word_like = xls_bytes({"S": [["x"]]}).replace("Workbook".encode("utf-16-le"), "WordDocu".encode("utf-16-le"))
    with pytest.raises(IntakeError, match="not an Excel workbook"):
        read_file(word_like, "van_ban.doc")


def test_a_workbook_without_any_value_is_refused():
    with pytest.raises(IntakeError, match="no non-empty cell"):
        read_file(xlsx_bytes({"A": [[None, ""]], "B": []}), "rong.xlsx")


def test_a_file_over_the_size_limit_is_refused_before_reading():
    assert MAX_BYTES == 50 * 1024 * 1024
    with pytest.raises(IntakeError, match="over the limit of 50 MB"):
        read_file(b"a" * (MAX_BYTES + 1), "lon.csv")


def test_values_far_apart_are_refused_before_calamine_allocates_their_rectangle():
    # one value at A1 and one at XFD1048576: calamine would allocate 17 billion cells and abort
    data = xlsx_bytes({"S": [["a"]]})
    far = _zip({name: body.replace(b"</sheetData>",
                                   b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row>'
                                   b"</sheetData>") if name == "xl/worksheets/sheet1.xml" else body
                for name, body in _unzip(data).items()})
    with pytest.raises(IntakeError, match="reaches row 1,048,576, over the limit of 200,000 rows"):
        read_file(far, "xa.xlsx")


def test_a_damaged_xls_dimensions_record_is_refused_not_fatal():
    data = bytearray(xls_bytes({"S": [["Tên", 1.5]] * 30}))
    dims = data.index(b"\x00\x02\x0e\x00")                     # DIMENSIONS, 14 bytes: first row ← 0x92000000
    data[dims + 4: dims + 8] = (0x92000000).to_bytes(4, "little")
    with pytest.raises(IntakeError, match="cells, over the limit"):
        read_file(bytes(data), "hong.xls")


def test_a_declared_count_of_texts_beyond_reason_is_refused():
    parts = _unzip(xlsx_bytes({"S": [["a"]]}))
    parts["xl/sharedStrings.xml"] = b'<sst xmlns="x" count="1" uniqueCount="99999999999"><si><t>a</t></si></sst>'
    with pytest.raises(IntakeError, match="distinct texts"):
        read_file(_zip(parts), "sst.xlsx")


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_row_limit_is_exact(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 100)
    monkeypatch.setattr(guard, "MAX_ROWS", 100)  # the workbook limit is checked by the guard
    assert len(read_file(b"a,b\n" * 100, "ok.csv").sheets[0].rows) == 100
    with pytest.raises(IntakeError, match="more than 100 rows"):
        read_file(b"a,b\n" * 101, "over.csv")
    rows = [[f"Xã {i}", i] for i in range(101)]
    with pytest.raises(IntakeError, match="reaches row 101, over the limit of 100 rows"):
        read_file(xlsx_bytes({"S": rows}), "over.xlsx")
    with pytest.raises(IntakeError, match="reaches row 101, over the limit of 100 rows"):
        read_file(xls_bytes({"S": rows}), "over.xls")


def test_a_million_row_csv_is_refused_quickly():
    assert MAX_ROWS == 200_000
    data = "".join(f"Xã {i},{i % 97},{i % 13}.5\n" for i in range(1_000_000)).encode("utf-8")
    start = time.perf_counter()
    with pytest.raises(IntakeError, match="more than 200,000 rows"):
        read_file(data, "trieu_dong.csv")
    assert time.perf_counter() - start < 30


# ---------------------------------------------------------------- properties
@FAST
@given(st.one_of(st.binary(max_size=600),
                 st.tuples(st.sampled_from([b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf",
                                            b"\xff\xfe"]), st.binary(max_size=1500)).map(b"".join)),
       st.sampled_from(["x.csv", "x.txt", "x.xlsx", "x.xls", "x"]))
def test_any_bytes_give_a_raw_file_or_an_intake_error(data, name):
    try:
        raw = read_file(data, name)
    except IntakeError as error:
        assert str(error)
        return
    assert raw.sheets and all(len(s.rows) == len(s.row_numbers) for s in raw.sheets)


FORMULAS = ['=HYPERLINK("http://evil.example","Bấm vào")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "=1+1", '<script>alert("xã")</script>', "<b>Hà Nội</b>", "' OR 1=1 -- DROP TABLE units"]
# Cells hold no ";" or tab: a comma file whose every row has as many ";" as "," is ambiguous by nature
# (two fields or three?), and such a tie goes to the semicolon.
PLAIN = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "P", "S", "Zs", "Mn"),
                                       blacklist_characters=";\t,\ufeff\u2028\u2029\x85"),
                min_size=1, max_size=25).filter(lambda s: s.strip() != "")


@FAST
@given(st.integers(2, 5).flatmap(lambda width: st.lists(
           st.lists(st.one_of(st.sampled_from(FORMULAS), PLAIN), min_size=width, max_size=width),
           min_size=1, max_size=8)),
       st.sampled_from([",", ";", "\t"]))
def test_formula_like_and_html_cells_come_back_as_plain_text_unchanged(rows, delimiter):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    raw = read_file(out.getvalue().encode("utf-8"), "x.csv")
    assert raw.delimiter == delimiter
    assert raw.sheets[0].rows == [[unicodedata.normalize("NFC", c) for c in row] for row in rows]


# ---------------------------------------------------------------- formulas
FORMULA_ROWS = [["KẾT QUẢ CHỈ SỐ CCHC NĂM 2023"], ["Tỉnh", "Chỉ số CCHC"], ["TP. Hà Nội", "=1+1"],
                ['=HYPERLINK("http://x","Hà Nội")', 85.5], ["=cmd|' /C calc'!A0", 80], ["Tỉnh Hưng Yên", "=B4-4"]]


@pytest.mark.parametrize("cached, formulas, cells", [
    ({}, [(2, 1), (3, 0), (4, 0), (5, 1)], [["TP. Hà Nội", None], [None, "85.5"], [None, "80"], ["Tỉnh Hưng Yên", None]]),
    ({"B3": 2, "A4": "Hà Nội"}, [(4, 0), (5, 1)],
     [["TP. Hà Nội", "2"], ["Hà Nội", "85.5"], [None, "80"], ["Tỉnh Hưng Yên", None]]),
    ({"B3": 2, "A4": "Hà Nội", "A5": "#REF!", "B6": 81.5}, [],
     [["TP. Hà Nội", "2"], ["Hà Nội", "85.5"], ["#REF!", "80"], ["Tỉnh Hưng Yên", "81.5"]]),
    ({"A4": ""}, [(2, 1), (4, 0), (5, 1)], [["TP. Hà Nội", None], [None, "85.5"], [None, "80"], ["Tỉnh Hưng Yên", None]]),
])
def test_formulas_without_a_saved_value_are_found_and_saved_values_are_read(cached, formulas, cells):
    """A formula keeps its saved value (an empty text result too); one never calculated is listed, no text
    of a formula is ever read as a cell."""
    sheet = _only_sheet(read_file(xlsx_with_formulas(FORMULA_ROWS, cached), "f.xlsx"))
    assert (sheet.formulas, sheet.rows[2:]) == (formulas, cells)


def test_formula_positions_survive_merged_ranges_and_follow_the_sheet_names():
    data = xlsx_bytes({"Hướng dẫn": [["=1+1"]], "Số liệu": FORMULA_ROWS}, merged={"Số liệu": ["A1:B1"]})
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        book_xml = book.read("xl/workbook.xml")
    assert book_xml.index("Hướng dẫn".encode()) < book_xml.index("Số liệu".encode())
    raw = read_file(data, "two.xlsx")
    data_sheet = raw.sheets[-1]       # the guide's only cell is a formula never calculated: an empty sheet
    assert [s.name for s in raw.sheets] == ["Số liệu"]
    assert (data_sheet.merged, data_sheet.formulas) == ([(0, 0, 0, 1)], [(2, 1), (3, 0), (4, 0), (5, 1)])


def test_a_sheet_without_formulas_costs_no_formula_scan(monkeypatch):
    called = []
    monkeypatch.setattr(guard, "_XLSX_FULL_CELL", type("R", (), {"findall": lambda self, text: called.append(1) or []})())
    read_file(onestop_report_xlsx(), "t5.xlsx")
    assert called == []


@pytest.mark.parametrize("offset", [0, 3, 10, 40, 200])
def test_a_workbook_whose_compressed_sheet_is_damaged_is_one_sentence(offset):
    """Bytes overwritten inside the deflated sheet: zlib's own error ("invalid distance too far back"), not a
    traceback."""
    data = bytearray(xlsx_bytes({"Bảng": [["Tỉnh", "Điểm"], *[[f"Tỉnh {k}", k] for k in range(300)]]}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as book:
        info = book.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + offset: start + offset + 4] = b"\x00\xff\x00\xff"
    with pytest.raises(IntakeError, match='^The file "d.xlsx" is '):
        read_file(bytes(data), "d.xlsx")
