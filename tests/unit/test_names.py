"""Entity name normalisation."""

from __future__ import annotations

import pytest

from app.entities.names import normalise_name, surname


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (["U.S.", "US", "us", "U.S"], "us"),
        (
            ["the European Union", "European Union's", "EUROPEAN UNION", "European  Union"],
            "european union",
        ),
        (["Bundestag", "the Bundestag"], "bundestag"),
        (["Zoë Smith", "Zoe Smith", "ZOË SMITH"], "zoe smith"),
        (["NATO\u2019s", "NATO's", "NATO"], "nato"),
        (["AT&T", "AT and T"], "at and t"),
        (["Jean-Luc", "jean-luc"], "jean-luc"),
    ],
)
def test_surface_forms_meet_under_one_key(names: list[str], key: str) -> None:
    assert {normalise_name(n) for n in names} == {key}


def test_different_names_stay_apart() -> None:
    assert normalise_name("Theresa May") != normalise_name("Mark Rutte")
    assert normalise_name("Other") == "other"  # "the" is only dropped as a leading word
    assert normalise_name("Thebes") == "thebes"


def test_punctuation_only_name_is_empty() -> None:
    assert normalise_name("...") == ""


def test_surname() -> None:
    assert surname("mark rutte") == "rutte"
    assert surname("rutte") == "rutte"
    assert surname(normalise_name("Ursula von der Leyen")) == "leyen"
