"""cchc.checks: every definition, reference, dataset and boundary file of a data folder, one finding per
problem, naming the file (never a server path); a broken part never hides the others."""

from __future__ import annotations

import shutil

import polars as pl
import pytest
import yaml

from cchc import loading
from cchc.checks import check_folder, findings_frame


@pytest.fixture()
def folder(tmp_path):
    shutil.copytree(loading.data_dir(), tmp_path / "data")
    return tmp_path / "data"


def _edit_yaml(path, change):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _codes(folder):
    return [(f.severity, f.part, f.name, f.code) for f in check_folder(folder)]


def test_the_bundled_data_are_clean():
    assert check_folder() == []


def _rename_numerator(raw):
    def walk(node):
        if node.get("kind") == "ratio" and node.get("numerator"):
            num = node["numerator"]
            node["numerator"] = ["onestop.no_such_count"] + (list(num[1:]) if isinstance(num, list) else [])
            return True
        return any(walk(c) for c in node.get("components", []))
    walk(raw)


@pytest.mark.parametrize("fault, expected", [
    (lambda f: (f / "observations" / "par.parquet").write_bytes(b"PAR1 truncated"),
     ("error", "dataset", "par", "unreadable")),
    (lambda f: (f / "observations" / "sipas.parquet").write_bytes(b""), ("error", "dataset", "sipas", "unreadable")),
    (lambda f: (f / "observations" / "papi.parquet").unlink(), ("error", "dataset", "papi", "unreadable")),
    (lambda f: pl.read_parquet(f / "observations" / "par.parquet").drop("indicator_id")
     .write_parquet(f / "observations" / "par.parquet"), ("error", "dataset", "par", "unreadable")),
    (lambda f: pl.read_parquet(f / "observations" / "sipas.parquet")
     .with_columns(pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("không rõ"))
                   .otherwise(pl.col("value").cast(pl.String)).alias("value"))
     .write_parquet(f / "observations" / "sipas.parquet"), ("error", "dataset", "sipas", "unreadable")),
    (lambda f: _edit_yaml(f / "indices" / "papi.yaml", lambda r: r.update(aggregate="median")),
     ("error", "definition", "papi.yaml", "invalid")),
    (lambda f: _edit_yaml(f / "indices" / "svc766.yaml", _rename_numerator),
     ("error", "dataset", "hy_onestop", "missing_inputs")),
    (lambda f: _edit_yaml(f / "indices" / "papi.yaml",
                          lambda r: r["reexpress"].update(rule="weighted_mean", weight="indicator:papi.99")),
     ("error", "definition", "papi.yaml", "unknown_weight")),
    (lambda f: (f / "geo" / "provinces_vn34.geojson").unlink(), ("error", "boundaries", "provinces_vn34.geojson",
                                                                "unreadable")),
])
def test_each_fault_is_named_and_the_others_stay_clean(folder, fault, expected):
    fault(folder)
    found = _codes(folder)
    assert expected in found, found
    assert all(f[2] == expected[2] or f[1] == "dataset" and expected[1] == "definition" for f in found), found


def test_no_server_path_in_any_message(folder):
    (folder / "observations" / "par.parquet").write_bytes(b"junk")
    _edit_yaml(folder / "indices" / "papi.yaml", lambda r: r.update(aggregate="median"))
    messages = findings_frame(check_folder(folder))["message"].to_list()
    assert messages and not any(str(folder) in m or "/tmp" in m for m in messages)


def test_cli_check_exits_non_zero_on_errors(folder, capsys):
    from cchc.cli import main

    assert main(["--data-dir", str(folder), "check"]) == 0
    assert "0" in capsys.readouterr().out
    (folder / "observations" / "par.parquet").write_bytes(b"junk")
    assert main(["--data-dir", str(folder), "check"]) == 1
    out = capsys.readouterr().out
    assert "par" in out and str(folder) not in out
