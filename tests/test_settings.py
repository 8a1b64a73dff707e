"""Each setting is one row of ``config.KEYS``: its default, its check, its field and its
variable. These tests hold every row against what is built from it, so that a new setting is
one row (and a line of the README's table), and no default is written twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from promisekeeper.config import KEYS, Settings, load_settings

README = Path(__file__).parent.parent / "README.md"


@pytest.mark.parametrize("name", [n for n, k in KEYS.items() if k.field], ids=str)
def test_a_default_is_its_own_text_checked(name: str) -> None:
    key = KEYS[name]
    assert key.field in Settings._fields
    assert key.default is not None and key.check(key.default) == key.value
    field_default = Settings._field_defaults.get(key.field, key.value)
    assert field_default == key.value  # the field's default is the row's, not a copy


def test_every_setting_is_in_the_readme_with_its_default() -> None:
    table = README.read_text().split("## Configuration", 1)[1].split("\n\n", 3)[2]
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `([a-z.]+)` \| ([^|]+) \|", table, flags=re.MULTILINE)
    }
    assert set(rows) == set(KEYS)
    for name, key in KEYS.items():
        if key.default is not None:
            assert rows[name].strip() == f"`{key.default}`", name


def test_the_environment_wins_where_a_row_names_a_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[team]\nauth = "none"\n[risk]\nat = "0.5"\n')
    monkeypatch.setenv("PK_CONFIG", str(config))
    monkeypatch.setenv("PK_TEAM_AUTH", "database")
    monkeypatch.setenv("PK_DB", str(tmp_path / "pk.db"))
    settings = load_settings()
    assert (settings.team_auth, settings.risk_at) == ("database", 0.5)
    monkeypatch.delenv("PK_TEAM_AUTH")
    assert load_settings().team_auth == "none"


def test_config_list_says_where_team_auth_comes_from(tmp_path: Path) -> None:
    from tests.conftest import Pk

    pk = Pk(tmp_path)
    assert (
        pk.ok("config", "list", "-f", "json", PK_TEAM_AUTH="database").json()["team.auth"]
        == "database"
    )
    table = pk.ok("config", "list", PK_TEAM_AUTH="database").stdout
    assert re.search(r"team\.auth\s+database\s+env PK_TEAM_AUTH", table), table
