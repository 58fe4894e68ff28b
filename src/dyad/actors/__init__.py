"""The actors stage: states, governments, people, organisations and places mentioned in a document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dyad.actors.resolver import ActorResolver

__all__ = ["ActorResolver"]


def __getattr__(name: str) -> Any:
    # The resolver imports spaCy; `dyad.actors.countries` (the country lookup of every filter) must not.
    if name != "ActorResolver":
        raise AttributeError(name)
    from dyad.actors.resolver import ActorResolver

    return ActorResolver


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
