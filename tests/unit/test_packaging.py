"""What `pip install` puts in site-packages: the application's own name only."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setuptools() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    tool: dict[str, object] = config["tool"]["setuptools"]
    return tool


def test_every_package_is_installed_under_the_application_name() -> None:
    listed = set(_setuptools()["packages"])  # type: ignore[call-overload]
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "app").rglob("__init__.py")
    }
    # A package missing from the list would be left out of a wheel; one outside
    # `app` would land in site-packages under a name another project may use.
    assert on_disk <= listed
    assert all(name == "app" or name.startswith("app.") for name in listed)


def test_migrations_are_installed_as_part_of_the_application() -> None:
    package_dir = _setuptools()["package-dir"]
    assert package_dir == {"app.migrations": "migrations"}
    from app import migrations

    assert Path(migrations.__file__).parent == ROOT / "migrations"
    assert (ROOT / "migrations" / "env.py").exists()
