"""The offline guarantee: without --fetch nothing touches the network.

The end-to-end path (ingest the bundled examples through the CLI, then report, check and outlets) runs
with every way of opening a connection or resolving a name replaced by one that raises.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimledger.cli import app

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


class NetworkUsed(AssertionError):
    pass


def _blocked(*args: Any, **kwargs: Any) -> Any:
    raise NetworkUsed(f"network access attempted: {args!r}")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    monkeypatch.setattr(socket.socket, "connect", _blocked)
    monkeypatch.setattr(socket.socket, "connect_ex", _blocked)
    monkeypatch.setattr(socket, "create_connection", _blocked)
    monkeypatch.setattr(socket, "getaddrinfo", _blocked)
    monkeypatch.setattr(socket, "gethostbyname", _blocked)
    yield []


def test_the_guard_blocks_the_network(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))


def test_end_to_end_without_network(no_network: list[str], tmp_path: Path) -> None:
    db = tmp_path / "offline.db"
    targets = [str(REPO / t) for t in ("examples/belgorod", "examples/kakhovka", "tests/fixtures/telegram")]
    result = runner.invoke(app, ["ingest", *targets, "--story", "offline", "--db", str(db)])
    assert (result.exit_code, result.stdout) == (0, "44 new, 0 unchanged, 0 failed\n"), result.output
    result = runner.invoke(app, ["report", "--db", str(db), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout
    for command in (["check"], ["outlets"], ["stories"]):
        result = runner.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 0, result.output


def test_a_url_without_fetch_fails_without_touching_the_network(
    no_network: list[str], tmp_path: Path
) -> None:
    result = runner.invoke(app, ["ingest", "https://example.org/a", "--db", str(tmp_path / "u.db")])
    assert result.exit_code == 1
    assert "E109" in result.stderr
