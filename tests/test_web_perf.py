"""Quality gate on page time: p95 < 200 ms per page on a synthetic database (benchmarks/bench_web.py
makes it; the full 10k-document run is `python benchmarks/bench_web.py --check`)."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from types import ModuleType

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimledger.web.app import create_app
from tests.browser.data import xss_db

REPO = Path(__file__).resolve().parents[1]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_web", REPO / "benchmarks" / "bench_web.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pages_p95_under_budget(tmp_path: Path) -> None:
    bench = _bench()
    source = tmp_path / "source.db"
    xss_db(source)
    db = tmp_path / "synthetic.db"
    assert bench.build(db, source, 3000) == 3000
    client = TestClient(create_app(db, geocoder=lambda name: None))
    slow = {}
    for name, path in bench.pages(db):
        assert client.get(path).status_code == 200, path
        times = []
        for _ in range(15):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        p95 = bench.percentile(times, 0.95)
        if p95 >= bench.BUDGET_MS:
            slow[name] = round(p95)
    assert not slow, f"p95 over {bench.BUDGET_MS} ms: {slow}"


def test_serve_command_refuses_a_missing_database(tmp_path: Path) -> None:
    from claimledger.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code != 0 and "no such database" in result.output


@pytest.mark.parametrize("flag", ["--allow-edits", "--host", "--port"])
def test_serve_command_options(flag: str) -> None:
    from claimledger.cli import app

    assert flag in CliRunner().invoke(app, ["serve", "--help"], terminal_width=200).output
