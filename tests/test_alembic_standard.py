"""pytest-alembic's standard checks on pk's migrations: one head, upgrade from empty to head,
models matching the migrated schema, and every downgrade undoing its upgrade.

They are imported here rather than collected by the plugin, whose collector does not work with
pytest 9 (``pytest_alembic_enabled = false`` in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_alembic.tests import (  # noqa: F401  (collected as tests)
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine


@pytest.fixture
def alembic_config() -> dict[str, Any]:
    return {"script_location": "promisekeeper.store:migrations"}


@pytest.fixture
def alembic_engine(tmp_path: Path) -> Engine:
    return create_engine(f"sqlite:///{tmp_path / 'alembic.db'}")
