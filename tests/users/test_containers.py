"""The Dockerfile and docker-compose.yml, checked as far as a machine without Docker can.

The compose file is validated against the Compose Specification's JSON schema as
vendored by the `check-jsonschema` package (builtin_schemas/vendor/compose-spec.json).
"""

from __future__ import annotations

import copy
import json
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from dockerfile_parse import DockerfileParser
from typer.testing import CliRunner

from app.cli import app

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


@pytest.fixture(scope="module")
def compose_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(
        files("check_jsonschema").joinpath("builtin_schemas/vendor/compose-spec.json").read_text()
    )
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_compose_file_follows_the_compose_specification(
    compose: dict[str, Any], compose_validator: jsonschema.protocols.Validator
) -> None:
    errors = [e.message for e in compose_validator.iter_errors(compose)]
    assert errors == []
    broken = copy.deepcopy(compose)
    broken["services"]["api"]["depends_on"]["postgres"]["condition"] = "service_happy"
    assert not compose_validator.is_valid(broken)  # the schema does check what we rely on


def test_postgres_16_with_a_volume_and_a_healthcheck(compose: dict[str, Any]) -> None:
    postgres = compose["services"]["postgres"]
    assert postgres["image"].split(":")[1].split(".")[0].split("-")[0] == "16"
    volume, _, target = postgres["volumes"][0].partition(":")
    assert volume in compose["volumes"]
    assert target == "/var/lib/postgresql/data"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])


def test_api_waits_for_a_healthy_postgres(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    assert api["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "@postgres:5432/" in api["environment"]["DATABASE_URL"]
    assert api["build"] == "."
    assert api["ports"] == ["127.0.0.1:8000:8000"]


def test_image_runs_factstore_serve_on_the_published_port(compose: dict[str, Any]) -> None:
    dockerfile = DockerfileParser(path=str(ROOT / "Dockerfile"))
    final = {s["instruction"]: s["value"] for s in dockerfile.structure}  # the last of each
    command = json.loads(final["ENTRYPOINT"]) + json.loads(final["CMD"])
    assert command[:2] == ["factstore", "serve"]
    options = dict(zip(command[2::2], command[3::2], strict=True))
    assert options["--host"] == "0.0.0.0"
    published = compose["services"]["api"]["ports"][0].rsplit(":", 1)[1]
    assert options["--port"] == published
    assert dockerfile.baseimage.startswith("python:3.11")

    # `factstore` is this project's console script, and `serve` takes those options.
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["factstore"] == "app.cli:main"
    usage = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert usage.exit_code == 0
    assert "--host" in usage.output and "--port" in usage.output
