"""Score actor mentions against the ConfliBERT CAMEO NER set (real 2017–18 news, source/target/reciprocal spans).

Every gold S/T/R span is an actor mention. A predicted mention is any non-place mention the analysis gives
(``dyad.pipeline.Pipeline``, every step, each sentence a document); ``parse=False`` scores the gazetteer rules
of the actors stage alone (``ActorResolver.resolve`` without a parse). Spans are matched one-to-one either exactly or by overlap. Country accuracy is
scored on the gold spans that name exactly one country or its people, judged with a reference lexicon
independent of dyad's knowledge files: the CAMEO country names (codebooks/countrynames.txt) and the NGEC
nationality list (knowledge/ngec-assets/countries.csv).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dyad.actors import ActorResolver
from dyad.actors.knowledge import load_knowledge
from dyad.model import Document
from dyad.pipeline import Pipeline

__all__ = ["ActorScores", "GoldSentence", "detokenise", "evaluate_actors", "read_conll", "reference_countries"]

# Sentences carry no date; the set is 2017–18 news, so roles are taken as held at its start.
EVAL_DATE = "2018-01-01"
_NO_SPACE_BEFORE = {",", ".", ":", ";", ")", "?", "!", "'s", "’s", "n't", "%", "'", "’", "]"}
_NO_SPACE_AFTER = {"(", "$", "["}


@dataclass(slots=True)
class GoldSentence:
    text: str
    spans: list[tuple[int, int, str]]  # (start, end, S|T|R)


@dataclass(slots=True)
class ActorScores:
    sentences: int = 0
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    country_scored: int = 0
    country_correct: int = 0
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float | int]:
        """Precision/recall/F1 (exact and overlap) and country accuracy, rounded to 4 places."""
        out: dict[str, float | int] = {"sentences": self.sentences, "gold": self.gold, "predicted": self.predicted}
        for name, hits in (("exact", self.exact), ("overlap", self.overlap)):
            p = hits / self.predicted if self.predicted else 0.0
            r = hits / self.gold if self.gold else 0.0
            out |= {f"{name}_precision": round(p, 4), f"{name}_recall": round(r, 4),
                    f"{name}_f1": round(self._f1(p, r), 4)}
        out["country_scored"] = self.country_scored
        out["country_accuracy"] = round(self.country_correct / self.country_scored, 4) if self.country_scored else 0.0
        return out


def detokenise(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join CoNLL tokens into running text, returning each token's character span."""
    parts: list[str] = []
    offsets = []
    pos = 0
    for i, tok in enumerate(tokens):
        glued = tok in _NO_SPACE_BEFORE or tokens[i - 1] in _NO_SPACE_AFTER or (
            tok == "s" and tokens[i - 1] in ("'", "’"))
        if i and not glued:
            parts.append(" ")
            pos += 1
        offsets.append((pos, pos + len(tok)))
        parts.append(tok)
        pos += len(tok)
    return "".join(parts), offsets


def read_conll(path: Path) -> Iterator[GoldSentence]:
    """Sentences of a `token label` file with B-/I- S, T and R tags."""
    tokens: list[str] = []
    labels: list[str] = []
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        parts = line.split()
        if len(parts) >= 2:
            tokens.append(parts[0])
            labels.append(parts[-1])
            continue
        if tokens:
            text, offsets = detokenise(tokens)
            spans = []
            for i, label in enumerate(labels):
                if label.startswith("B-") or (label.startswith("I-") and (i == 0 or labels[i - 1][2:] != label[2:])):
                    j = i
                    while j + 1 < len(labels) and labels[j + 1] == "I-" + label[2:]:
                        j += 1
                    spans.append((offsets[i][0], offsets[j][1], label[2:]))
            yield GoldSentence(text, spans)
        tokens, labels = [], []


def reference_countries(shared: Path) -> dict[str, str]:
    """Country names and nationality words -> ISO3, from CAMEO and NGEC (only the list of codes is dyad's)."""
    words: dict[str, str] = {}
    states = set(load_knowledge().countries)  # NGEC also lists IGOs and breakaway regions under pseudo-codes
    with open(shared / "knowledge/ngec-assets/countries.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for word in [row["Name"], *row["Nationality"].split(",")]:
                if word.strip() and word.strip()[0].isupper() and row["CCA3"] in states:
                    words.setdefault(word.strip(), row["CCA3"])
    for line in (shared / "corpora/codebooks/countrynames.txt").read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1] in states:
            words.setdefault(parts[0], parts[1])
    return words


def reference_pattern(reference: dict[str, str]) -> re.Pattern[str]:
    names = sorted(reference, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")


def gold_country(text: str, pattern: re.Pattern[str], reference: dict[str, str]) -> str | None:
    found = {reference[m.group()] for m in pattern.finditer(text)}
    return found.pop() if len(found) == 1 else None


def evaluate_actors(path: Path, shared: Path, limit: int | None = None, parse: bool = True) -> ActorScores:
    """Score the analysis's actor mentions on a CoNLL actor-span file; ``parse=False`` scores the gazetteer rules
    alone."""
    pipeline, resolver = (Pipeline(), None) if parse else (None, ActorResolver())
    reference = reference_countries(shared)
    pattern = reference_pattern(reference)
    scores = ActorScores()
    sentences = list(read_conll(path))[:limit]
    for n, gold in enumerate(sentences):
        document = Document(id=f"s{n}", origin=str(path), text=gold.text, published=EVAL_DATE)
        if resolver:
            actors, mentions = resolver.resolve(document, [])
        else:
            analysis = pipeline.analyse(document)
            actors, mentions = analysis.actors, analysis.mentions
        country_of = {a.id: a.country for a in actors}
        predicted = [(m.start, m.end, m.actors) for m in mentions if m.kind != "place"]
        scores.sentences += 1
        scores.gold += len(gold.spans)
        scores.predicted += len(predicted)
        gold_spans = [(s, e) for s, e, _ in gold.spans]
        scores.exact += len(set(gold_spans) & {(s, e) for s, e, _ in predicted})
        free = list(predicted)
        for start, end in gold_spans:
            match = next((p for p in free if p[0] < end and start < p[1]), None)
            if match:
                free.remove(match)
                scores.overlap += 1
            expected = gold_country(gold.text[start:end], pattern, reference)
            if expected:
                scores.country_scored += 1
                best = max((p for p in predicted if p[0] < end and start < p[1]),
                           key=lambda p: min(end, p[1]) - max(start, p[0]), default=None)
                got = [country_of.get(a) for a in best[2]] if best else []
                if expected in got:
                    scores.country_correct += 1
                else:
                    scores.errors.append(f"{gold.text[start:end]!r}: expected {expected}, got {got}")
    return scores
