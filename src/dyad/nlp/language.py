"""The languages dyad analyses and where each one's words live.

``data/lang/languages.json`` is the registry: for each analysed language its spaCy pipeline, its dateparser
language and its data folder ``data/lang/<folder>/`` (cue words, function words, abbreviations; one JSON file
per stage, ``SOURCE.md`` there). Code reads a language's words through ``language_data`` and never spells them
in a regex; a document whose language is not in the registry is rejected with ``rejection_reason``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

from dyad.once import loaded_once

__all__ = ["LanguageSpec", "default_language", "is_analysed", "language_data", "language_file", "languages",
           "rejection_reason", "spec"]


@dataclass(frozen=True, slots=True)
class LanguageSpec:
    """One analysed language, as the registry gives it."""

    code: str  # ISO 639-1, as ``Document.language`` holds it
    name: str
    spacy_model: str
    dateparser: str
    folder: str  # under data/lang/


@loaded_once
def _registry() -> dict[str, Any]:
    return json.loads(resources.files("dyad.data").joinpath("lang", "languages.json").read_text("utf-8"))


def languages() -> dict[str, LanguageSpec]:
    """Every analysed language by code, in the registry's order."""
    return {code: LanguageSpec(code, raw["name"], raw["spacy_model"], raw["dateparser"], raw["folder"])
            for code, raw in _registry()["languages"].items()}


def default_language() -> str:
    """The language of a document whose reader gave none."""
    return str(_registry()["default"])


def is_analysed(code: str | None) -> bool:
    """Whether a document in this language (None: the default one) is analysed."""
    return (code or default_language()) in languages()


def spec(code: str | None = None) -> LanguageSpec:
    """The registry's entry for ``code`` (None: the default language); a ValueError naming the reason if absent."""
    found = languages().get(code or default_language())
    if found is None:
        raise ValueError(rejection_reason(code))
    return found


def rejection_reason(code: str | None) -> str:
    """Why a document in ``code`` gets a Rejected record instead of an analysis."""
    names = ", ".join(s.name for s in languages().values())
    return f"language {code!r} is not analysed (dyad analyses {names})"


def language_file(name: str, code: str | None = None) -> Traversable:
    """The data file ``name`` of a language's folder (which may not exist: check ``is_file()``)."""
    return resources.files("dyad.data").joinpath("lang", spec(code).folder, name)


@cache
def language_data(name: str, code: str | None = None) -> dict[str, Any]:
    """The JSON file ``<name>.json`` of a language's folder, read once per process."""
    return json.loads(language_file(f"{name}.json", code).read_text("utf-8"))  # type: ignore[no-any-return]
