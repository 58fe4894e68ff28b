"""The document's home country for actors its text places nowhere else: the people NER finds and the knowledge
lacks, and the domestic institutions among NER's organisations (``home_institutions.tsv``).

"Martin Mubanga", "Ms Hughes" or "the Court of Appeal" on a page about British politics are British; the same
names where at least half of the sentences that mention them name another country ("Cherie Blair ... in the
United States") keep no country, since those sentences may say where they belong. One sentence of many ("Lord
Butler's report into Iraq intelligence") does not.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from dyad.model import Actor
from dyad.spans import enclosing

__all__ = ["home_country", "institution_sector", "place_at_home"]


def home_country(counts: Counter[str]) -> str | None:
    """The country that at least two thirds of a document's country-bearing mentions (three or more) name, from
    the mentions' count per country."""
    total = sum(counts.values())
    top = counts.most_common(1)
    return top[0][0] if top and total >= 3 and top[0][1] * 3 >= total * 2 else None


def institution_sector(name: str, heads: Mapping[str, str]) -> str | None:
    """The sector of an organisation name whose head word (the last before " of ") is a domestic institution's."""
    words = name.split(" of ")[0].split()
    return heads.get(words[-1]) if words else None


def place_at_home(actors: Mapping[str, Actor], unknown: Iterable[str],
                  mentions: Iterable[tuple[int, list[str], set[str]]], sentences: list[tuple[int, int]], home: str,
                  heads: Mapping[str, str]) -> None:
    """Give ``home`` to the people and domestic institutions of ``unknown`` (actor ids the knowledge lacks) that
    fewer than half of the sentences mentioning them place in another country. ``mentions`` are the document's
    (start, actor ids, countries named), places included."""
    elsewhere: dict[tuple[int, int], set[str]] = defaultdict(set)
    sentence_of: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for start, ids, countries in mentions:
        sentence = enclosing(sentences, start) or (start, start)
        elsewhere[sentence] |= countries - {home}
        for actor_id in ids:
            sentence_of[actor_id].add(sentence)
    for actor_id in unknown:
        actor = actors[actor_id]
        placed_elsewhere = sum(bool(elsewhere[s]) for s in sentence_of[actor_id])
        if actor.country or (sentence_of[actor_id] and placed_elsewhere * 2 >= len(sentence_of[actor_id])):
            continue
        if actor.kind == "person":
            actor.country = home
        elif actor.kind == "organisation" and (sector := institution_sector(actor.name, heads)):
            actor.country, actor.sector = home, sector

