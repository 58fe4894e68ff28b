"""The one country lookup: names, demonyms, capitals and codes, with a "did you mean" for misspellings."""

from __future__ import annotations

import pytest

from dyad.actors.countries import UnknownCountry, country_code, resolve_country


@pytest.mark.parametrize(("typed", "code"), [("Syria", "SYR"), ("syrian", "SYR"), ("SYR", "SYR"), ("sy", "SYR"),
                                             ("Turkish", "TUR"), ("Türkiye", "TUR"), ("Britain", "GBR"),
                                             ("Kazakhstan", "KAZ"), ("Tehran", "IRN")])
def test_names_demonyms_capitals_and_codes_resolve(typed: str, code: str) -> None:
    assert country_code(typed) == code == resolve_country(typed)


@pytest.mark.parametrize(("typed", "hint"), [("Sirya", "'Syria'"), ("Pakistn", "'Pakistan'"), ("Tukey", "'Turkey'")])
def test_misspellings_get_the_nearest_country_first(typed: str, hint: str) -> None:
    assert country_code(typed) is None
    with pytest.raises(UnknownCountry, match=f"did you mean {hint}"):
        resolve_country(typed)


def test_unknown_names_without_a_near_one_say_so() -> None:
    with pytest.raises(UnknownCountry, match="'Qqqqqq' is not a country name, demonym or ISO code"):
        resolve_country("Qqqqqq")
    assert country_code("   ") is None
