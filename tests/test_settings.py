"""Each setting is one row of ``config.KEYS``: its default, its check, its field and its
variable. These tests hold every row against what is built from it, so that a new setting is
one row (and a line of the README's table), and no default is written twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import Pk
from tests.helpers import one_error
from tests.test_hooks import hook

from promisekeeper.config import KEYS, Settings, load_settings

README = Path(__file__).parent.parent / "README.md"


@pytest.mark.parametrize("name", [n for n, k in KEYS.items() if k.field], ids=str)
def test_a_default_is_its_own_text_checked(name: str) -> None:
    key = KEYS[name]
    assert key.field in Settings._fields
    if key.default is None:  # a setting without a default (a name): None until set
        assert key.value is None
    else:
        assert key.check(key.default) == key.value
    field_default = Settings._field_defaults.get(key.field, key.value)
    assert field_default == key.value  # the field's default is the row's, not a copy


def test_every_setting_is_in_the_readme_with_its_default() -> None:
    table = README.read_text().split("## Configuration", 1)[1].split("\n\n", 3)[2]
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `([a-z._]+)` \| ([^|]+) \|", table, flags=re.MULTILINE)
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
    # a table, or (the database's path too long for a column) one setting a record
    assert re.search(r"team\.auth\s+database\s+(From )?env PK_TEAM_AUTH", table), table


ENV_NUMBERS = [
    ("PK_HOOK_TIMEOUT", "inf"),
    ("PK_HOOK_TIMEOUT", "nan"),
    ("PK_HOOK_TIMEOUT", "1e309"),
    ("PK_HOOK_TIMEOUT", "abc"),
    ("PK_HOOK_TIMEOUT", "0"),
    ("PK_HOOK_TIMEOUT", "-1"),
    ("PK_HOOK_TIMEOUT", "１０"),  # fullwidth digits: float() would take them
    ("PK_BUSY_TIMEOUT_MS", "1.5"),
    ("PK_BUSY_TIMEOUT_MS", "0"),
    ("PK_PROGRESS_AFTER", "inf"),
    ("PGCONNECT_TIMEOUT", "-3"),
    ("PGCONNECT_TIMEOUT", "5s"),
]


def test_setting_the_user_says_when_pk_user_wins(pk: Pk) -> None:
    done = pk.ok("config", "set", "user", "bob")  # PK_USER=dana in the test environment
    assert "PK_USER is set in the environment and wins over this setting." in done.stderr


@pytest.mark.parametrize(("name", "value"), ENV_NUMBERS, ids=[f"{n}={v}" for n, v in ENV_NUMBERS])
def test_an_outside_number_is_checked_before_anything_is_written(
    sqlite_pk: Pk, name: str, value: str
) -> None:
    sqlite_pk.ok("add", "Quote", "--to", "Acme", "--by", "friday", "--new-customer")
    hook(sqlite_pk, "sleep 600")
    before = sqlite_pk.snapshot()
    done = sqlite_pk.sh("add", "Call", "--to", "Acme", "--by", "friday", **{name: value})
    assert done.exit_code == 2
    one_error(done, name, "from", "to")
    assert sqlite_pk.snapshot() == before


def test_a_country_change_that_strands_the_subdivision_writes_nothing(sqlite_pk: Pk) -> None:
    sqlite_pk.ok("config", "set", "calendar.country", "US")
    sqlite_pk.ok("config", "set", "calendar.subdivision", "NY")
    config = sqlite_pk.home / "config.toml"
    before = config.read_bytes()
    for args in (("set", "calendar.country", "DE"), ("unset", "calendar.country")):
        done = sqlite_pk("config", *args)
        assert done.exit_code == 2
        one_error(done, "calendar.subdivision")
        assert config.read_bytes() == before
    assert sqlite_pk.ok("when", "friday").stdout  # everything still works
    sqlite_pk.ok("config", "unset", "calendar.subdivision")
    sqlite_pk.ok("config", "set", "calendar.country", "DE")


@pytest.mark.parametrize(
    ("line", "key"),
    [("db = 5", "db"), ("user = true", "user"), ("[workday]\nend = 17", "workday.end")],
)
def test_a_setting_of_the_wrong_type_is_refused(sqlite_pk: Pk, line: str, key: str) -> None:
    (sqlite_pk.home / "config.toml").write_text(line + "\n")
    done = sqlite_pk.sh("due", PK_DB="")
    assert done.exit_code == 2
    one_error(done, key, "must be text in quotes")
    assert not (sqlite_pk.home / "5").exists() and not Path("5").exists()


def test_numbers_stay_numbers_where_a_setting_is_one(sqlite_pk: Pk) -> None:
    (sqlite_pk.home / "config.toml").write_text("[due]\ndays = 3\n[risk]\nat = 0.5\n")
    sqlite_pk.ok("due")
