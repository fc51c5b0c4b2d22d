"""Shared fixtures: the build tree (PARLEY_BUILD_DIR, set by CTest) and the repository."""
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def build_dir():
    d = os.environ.get("PARLEY_BUILD_DIR")
    if not d:
        pytest.skip("PARLEY_BUILD_DIR is not set (ctest sets it)")
    return pathlib.Path(d)


@pytest.fixture(scope="session")
def parley_cli(build_dir):
    exe = build_dir / "bin" / "parley"
    if not exe.exists():
        pytest.skip(f"{exe} is not built")
    return exe


@pytest.fixture(scope="session")
def taxonomy():
    return str(REPO / "data" / "taxonomy" / "airlines.toml")


@pytest.fixture(scope="session")
def synth_ndjson(parley_cli, tmp_path_factory):
    """3,000 synthetic posts over a week, as NDJSON (`parley synth`)."""
    path = tmp_path_factory.mktemp("synth") / "posts.ndjson"
    subprocess.run([str(parley_cli), "synth", "-n", "3000", "--days", "7", "--seed", "7",
                    "-f", "ndjson", "-o", str(path), "-q"], check=True)
    return path
