"""Words of the methodology (part of the one text catalogue, :mod:`cchc.words`): ``key: (Vietnamese, English)``.

How definitions are explained (aggregates, missing rules, re-expression),
periods and their labels, the methodology and data pages, and the words the
demo data are written with.
"""

WORDS: dict[str, tuple[str, str]] = {
    # how a node's value is obtained (cchc.methodology)
    "aggregate.sum": ("tổng điểm các thành phần", "sum of the components"),
    "aggregate.mean": ("trung bình cộng các thành phần", "mean of the components"),
    "aggregate.weighted_mean": ("trung bình có trọng số các thành phần", "weighted mean of the components"),
    "aggregate.pct_of_max": ("tổng điểm đạt được / tổng điểm tối đa × 100%", "points achieved / maximum points × 100%"),
    "missing_rule.propagate": ("thiếu một thành phần thì không tính điểm tổng hợp",
                               "a missing component leaves the composite missing"),
    "missing_rule.skip": ("tính trên các thành phần có số liệu", "computed from the components present"),
    "missing_rule.rescale": ("quy đổi điểm các thành phần có số liệu về thang đầy đủ",
                             "points of the components present rescaled to the full scale"),
    "kind.input": ("số liệu công bố", "published value"),
    "rule.ratio_target": ("tỷ lệ = {ratio}; đạt {max} điểm khi tỷ lệ ≥ {target}, nếu không: tỷ lệ × {max} / {target}",
                          "ratio = {ratio}; {max} points at or above {target}, else ratio × {max} / {target}"),
    "band.from": ("từ {min}", "from {min}"),
    "band.below": ("dưới mức trên", "below the above"),
    "groups.quartile": ("Bốn nhóm theo tứ phân vị của thứ hạng: cao nhất, trung bình cao, trung bình thấp, thấp nhất",
                        "Four quartile groups by rank: best, high average, low average, poor"),
    "quartile.best": ("Nhóm cao nhất", "Best performers"),
    "quartile.high_average": ("Nhóm trung bình cao", "High average"),
    "quartile.low_average": ("Nhóm trung bình thấp", "Low average"),
    "quartile.poor": ("Nhóm thấp nhất", "Poor performers"),
    "default_unit": ("điểm", "points"),
    # re-expression on today's units (cchc.reexpress)
    "weight.equal": ("trọng số bằng nhau", "equal weights"),
    "weight.sample_size": ("trọng số theo cỡ mẫu khảo sát (n)", "weighted by survey sample size (n)"),
    "weight.indicator": ("trọng số theo {id}", "weighted by {id}"),
    "old_units.province": ("các tỉnh cũ", "the old provinces"),
    "old_units.commune": ("các xã cũ", "the old communes"),
    "reexpress.sum": ("Tổng của {olds}", "Sum of {olds}"),
    "reexpress.weighted_mean": ("Trung bình của {olds}, {weight}", "Weighted mean of {olds}, {weight}"),
    "reexpress.none": ("Không quy đổi được", "Cannot be re-expressed"),
    "reexpress.error.level": ("{level}: không có đơn vị kế thừa trên địa giới 34 tỉnh",
                              "{level}: no successor units on the 34-province geography"),
    "reexpress.error.rule": ("Quy tắc quy đổi {rule} không chuyển được đơn vị cũ sang đơn vị mới",
                             "re-expression rule {rule} cannot map old units onto new ones"),
    "reexpress.error.weight": ("Trọng số {weight} không được hỗ trợ (equal, sample_size hoặc indicator:<mã>)",
                               "unknown weight {weight} (equal, sample_size or indicator:<id>)"),
    "reexpress.no_source": ("Không có số liệu của {missing}", "No data for {missing}"),
    "reexpress.partial": ("Tính trên {used}/{total} đơn vị cũ (thiếu {missing})",
                          "Computed from {used}/{total} old units (missing {missing})"),
    # periods (cchc.periods, cchc.series)
    "grain.year": ("năm", "year"),
    "grain.quarter": ("quý", "quarter"),
    "grain.month": ("tháng", "month"),
    "period.year": ("Năm {year}", "{year}"),
    "range.ytd": ("Từ đầu năm đến {last}", "Year to date ({last})"),
    # period ranges of monthly indices (cchc.ranges, cchc.range_scores)
    "range.ytd_year": ("Từ đầu năm {year}", "{year} year to date"),
    "range.months_missing": ("Có số liệu {have}/{total} tháng; thiếu: {months}",
                             "Data for {have} of {total} months; missing: {months}"),
    "range.summed_note": ("Cộng dồn số liệu các tháng ({first} – {last}, {have}/{total} tháng có số liệu); "
                          "điểm tính từ tổng số liệu, không lấy trung bình điểm các tháng.",
                          "Summed over the months ({first} – {last}, {have} of {total} months with data); scores "
                          "are computed from the summed counts, never by averaging monthly scores."),
    "range.refused_grain": ("{index} được công bố theo {grain}, không phải số đếm theo tháng: không thể tính "
                            "theo khoảng thời gian “{period}”",
                            "{index} is published per {grain}, not as monthly counts: the period range "
                            "“{period}” cannot be used"),
    "range.refused_scores": ("Số liệu {index} ({level}) là điểm đã công bố, không phải số đếm theo tháng: không "
                             "thể cộng dồn khoảng thời gian “{period}”",
                             "{index} data ({level}) are published scores, not monthly counts: the period range "
                             "“{period}” cannot be summed"),
    "range.invalid": ("Khoảng thời gian không hợp lệ “{period}”: dùng quý (2025-Q3), năm (2025), từ đầu năm "
                      "(2025-YTD) hoặc từ tháng đến tháng (2025-07..2025-12)",
                      "Invalid period range “{period}”: use a quarter (2025-Q3), a year (2025), the year to "
                      "date (2025-YTD) or months (2025-07..2025-12)"),
    "range.no_data": ("Không có số liệu {index} ({level}) trong các tháng của “{period}”",
                      "No {index} data ({level}) in the months of “{period}”"),
    "range.rule_title": ("Khoảng thời gian (quý, năm, từ đầu năm, tùy chọn)",
                         "Period ranges (quarter, year, year to date, custom)"),
    "range.rule": ("Chỉ số theo tháng có đầu vào là số đếm (hồ sơ tiếp nhận, giải quyết đúng hạn…) có thể xem "
                   "theo quý, năm, từ đầu năm hoặc từ tháng đến tháng. Điểm của một khoảng thời gian tính từ TỔNG "
                   "số liệu các tháng: tử số và mẫu số được cộng dồn cho từng đơn vị, rồi tỷ lệ và điểm được tính "
                   "từ các tổng đó đúng như cho một tháng — không bao giờ lấy trung bình điểm các tháng. Số liệu "
                   "tồn cuối tháng (hồ sơ đang giải quyết, số thủ tục) lấy theo tháng cuối của khoảng. Tháng "
                   "chưa có số liệu của bất kỳ đơn vị nào không được tính (phụ đề ghi số tháng có số liệu). Đơn vị "
                   "thiếu số liệu một số tháng thì không được chấm điểm cho khoảng đó (ghi rõ số tháng có số liệu "
                   "và các tháng thiếu), như quy tắc thiếu thành phần thì không tính điểm tổng hợp. So sánh với "
                   "khoảng liền trước (quý trước, năm trước, cùng kỳ năm trước). Chỉ số công bố theo năm, hoặc "
                   "số liệu đã là điểm, không tính theo khoảng thời gian.",
                   "Monthly indices whose inputs are counts (dossiers received, resolved on time…) can be viewed "
                   "for a quarter, a year, the year to date or any run of months. A range is scored from the SUM "
                   "of its monthly counts: numerators and denominators are summed per unit, then ratios and "
                   "points are computed from those sums exactly as for one month — never by averaging monthly "
                   "scores. Stocks at the end of a month (pending dossiers, numbers of procedures) are taken at the "
                   "range's last month. Months without data for any unit are left out (the subtitle says how many months "
                   "have data). A unit missing some months is not scored for the range (the months it has and "
                   "those missing are named), as a missing component leaves a composite missing. Changes compare "
                   "with the range just before (previous quarter, previous year, same months a year earlier). "
                   "Yearly indices, and data published as scores, cannot be viewed by range."),
    "period_kind.month": ("Tháng", "Month"),
    "period_kind.quarter": ("Quý", "Quarter"),
    "period_kind.year": ("Năm", "Year"),
    "period_kind.ytd": ("Từ đầu năm", "Year to date"),
    "period_kind.custom": ("Tùy chọn", "Custom"),
    "period_kind": ("Xem theo", "View by"),
    "range_from": ("Từ tháng", "From month"),
    "range_to": ("Đến tháng", "To month"),
    "period.years": ("Năm {first}–{last}", "{first}–{last}"),
    "period.quarter": ("{quarter}/{year}", "{quarter} {year}"),
    "period.month": ("{month}/{year}", "{month} {year}"),
    "quarter.1": ("Quý I", "Q1"),
    "quarter.2": ("Quý II", "Q2"),
    "quarter.3": ("Quý III", "Q3"),
    "quarter.4": ("Quý IV", "Q4"),
    "month.1": ("Tháng 1", "Jan"),
    "month.2": ("Tháng 2", "Feb"),
    "month.3": ("Tháng 3", "Mar"),
    "month.4": ("Tháng 4", "Apr"),
    "month.5": ("Tháng 5", "May"),
    "month.6": ("Tháng 6", "Jun"),
    "month.7": ("Tháng 7", "Jul"),
    "month.8": ("Tháng 8", "Aug"),
    "month.9": ("Tháng 9", "Sep"),
    "month.10": ("Tháng 10", "Oct"),
    "month.11": ("Tháng 11", "Nov"),
    "month.12": ("Tháng 12", "Dec"),
    "geo_mark.vn63": ("cũ", "old"),
    "geo_mark.vn34": ("mới", "new"),
    "event.merger_2025": ("Sáp nhập tỉnh 1/7/2025", "Provinces merged 1 Jul 2025"),
    # the language switch: each language's name in itself
    "language_self": ("Tiếng Việt", "English"),
    # the methodology page (views/methodology.py)
    "method.demo_banner": ("{mark}. Các bộ dữ liệu đi kèm được sinh ngẫu nhiên có kiểm soát, hiệu chỉnh theo "
                           "một số số liệu đã công bố; xem trang {page}.",
                           "{mark}. The bundled datasets are synthetic, calibrated to a few published figures; "
                           "see the {page} page."),
    "method.item": ("Mục", "Item"),
    "method.value": ("Nội dung", "Value"),
    "method.scale": ("Thang điểm", "Scale"),
    "method.direction": ("Chiều", "Direction"),
    "method.levels": ("Cấp đánh giá", "Levels"),
    "method.grain": ("Kỳ", "Grain"),
    "method.decimals": ("Số chữ số thập phân", "Decimals"),
    "method.composite": ("Cách tính điểm tổng hợp", "Composite"),
    "method.groups": ("Nhóm / xếp loại", "Groups / bands"),
    "method.reexpress": ("Quy đổi về 34 tỉnh mới", "Re-expression on the 34 provinces"),
    "method.method": ("Phương pháp", "Method"),
    "method.structure": ("Cấu trúc chỉ số", "Structure"),
    "method.col.code": ("Mã", "Code"),
    "method.col.name": ("Tên", "Name"),
    "method.col.rule": ("Cách tính", "How it is computed"),
    "method.col.indicator_id": ("Mã chỉ tiêu", "Indicator id"),
    "method.bundled": ("Số liệu đi kèm: {span}", "Bundled data: {span}"),
    # the data page (views/data.py)
    "data.bundled": ("Các bộ dữ liệu đi kèm: PAPI, PAR INDEX, SIPAS và Chỉ số 766",
                     "Bundled datasets: PAPI, PAR INDEX, SIPAS and the 766 index"),
    "data.demo_warning": ("**Dữ liệu minh họa.** Các bộ dữ liệu đi kèm được sinh ngẫu nhiên có kiểm soát và hiệu chỉnh "
                          "theo một số số liệu đã công bố; không phải số liệu chính thức.",
                          "**Demo data.** The bundled datasets are synthetic, generated deterministically and "
                          "calibrated to a few published figures; they are not official statistics."),
    "data.datasets": ("Các bộ dữ liệu ({n})", "Datasets ({n})"),
    "data.col.title": ("Bộ dữ liệu", "Dataset"),
    "data.col.indices": ("Chỉ số", "Indices"),
    "data.col.from": ("Từ kỳ", "From"),
    "data.col.to": ("Đến kỳ", "To"),
    "data.col.levels": ("Cấp", "Levels"),
    "data.col.n_units": ("Số đơn vị có điểm", "Units scored"),
    "data.col.n_rows": ("Số dòng dữ liệu", "Data rows"),
    # the demo data (cchc.demo): written into data/datasets.yaml and the observations' notes
    "demo.source": ("Dữ liệu minh họa: sinh ngẫu nhiên có kiểm soát, hiệu chỉnh theo một số số liệu đã công bố; "
                    "không phải số liệu chính thức.",
                    "Demo data: synthetic, calibrated to a few published figures; not official statistics."),
    "demo.title": ("{title} (dữ liệu minh họa)", "{title} (demo data)"),
    "demo.licence": ("dữ liệu minh họa do dự án tạo ra", "demo data generated by this project"),
    "demo.dataset.papi": ("PAPI cấp tỉnh 2018–2025", "Provincial PAPI 2018–2025"),
    "demo.dataset.par": ("PAR INDEX cấp tỉnh 2018–2025", "Provincial PAR INDEX 2018–2025"),
    "demo.dataset.sipas": ("SIPAS cấp tỉnh 2018–2025", "Provincial SIPAS 2018–2025"),
    "demo.dataset.svc766": ("Chỉ số 766 cấp tỉnh theo tháng (từ 7/2025)", "Monthly 766 index of provinces (from Jul 2025)"),
    "demo.dataset.hy_par": ("Hưng Yên: Chỉ số CCHC sở, ngành, huyện, xã",
                            "Hung Yen: PAR index of departments, districts, communes"),
    "demo.dataset.hy_sipas": ("Hưng Yên: SIPAS cấp huyện 2019–2024", "Hung Yen: district SIPAS 2019–2024"),
    "demo.dataset.hy_onestop": ("Hưng Yên: hồ sơ một cửa theo tháng của các xã",
                                "Hung Yen: monthly one-stop dossiers per commune"),
    "demo.papi_not_scored": ("Không có kết quả PAPI năm {year} (không được khảo sát/công bố)",
                             "No PAPI result in {year} (not surveyed/published)"),
    "demo.not_applicable": ("Lĩnh vực không áp dụng cho đơn vị này", "Area not applicable to this unit"),
    "demo.not_assessed": ("Đơn vị chưa được đánh giá năm {year}", "Unit not assessed in {year}"),
}
