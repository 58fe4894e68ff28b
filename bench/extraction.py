"""Score main-text extraction from HTML: dyad's reader against trafilatura, on the same pages in one run.

Corpus: ``../shared/corpora/article-extraction-benchmark`` (scrapinghub; 181 gzipped news pages with the
human-verified ``articleBody`` of each). Extractors:

- ``dyad``: ``dyad.ingest.read_bytes(html, origin, "html")`` -> ``Document.text`` (a ``Rejected`` scores as
  empty output);
- ``dyad+headings``: the same Documents with ``Document.headings`` put back at their offsets (the ground truth
  keeps section headings in the body; dyad keeps them apart from the text it analyses);
- ``trafilatura``: ``trafilatura.extract(html)`` with its default settings.

Metrics follow the scrapinghub evaluation: text is split into ``\\w+`` tokens (case kept), and a document's
true positives are the multiset intersection of predicted and true tokens. ``micro`` sums TP/FP/FN over all
documents; ``macro`` averages each document's precision (over documents with output) and recall (over all
documents) and takes F1 from those two means, as scrapinghub's ``evaluate.py`` does. The same is reported for
word 4-gram shingles (scrapinghub's own unit), which also punishes text in the wrong order.

    .venv/bin/python bench/extraction.py [--corpus DIR] [--out bench/out/extraction.json] [--worst 10]

Exits 1 when dyad's F1 falls below trafilatura's on any of the four figures: the reader must never do worse
than the library it wraps.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DYAD_SHARED", ROOT.parent / "shared"))
DEFAULT_CORPUS = SHARED / "corpora" / "article-extraction-benchmark"
TOKEN = re.compile(r"\w+")
SHINGLE = 4

Counts = tuple[int, int, int]  # tp, fp, fn


def tokens(text: str) -> list[str]:
    """The scrapinghub tokenisation: runs of word characters, case kept."""
    return TOKEN.findall(text or "")


def shingles(words: list[str], n: int = SHINGLE) -> list[tuple[str, ...]]:
    """Word n-grams; a text shorter than n is one shingle."""
    return [tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1)) if words[i:i + n]]


def match(true: list, pred: list) -> Counts:
    """TP, FP, FN of two bags (multisets)."""
    t, p = Counter(true), Counter(pred)
    tp = sum((t & p).values())
    return tp, sum(p.values()) - tp, sum(t.values()) - tp


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def micro(counts: list[Counts]) -> dict[str, float]:
    """Precision, recall and F1 over the summed counts: long documents weigh more."""
    tp, fp, fn = (sum(c[i] for c in counts) for i in range(3))
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def doc_scores(c: Counts) -> tuple[float | None, float | None]:
    """One document's precision (None when nothing was output) and recall (None when the truth is empty)."""
    tp, fp, fn = c
    if fp == fn == 0:
        return (1.0, 1.0) if tp else (None, None)
    return (tp / (tp + fp) if tp + fp else None), (tp / (tp + fn) if tp + fn else None)


def macro(counts: list[Counts]) -> dict[str, float]:
    """Mean per-document precision and recall, and the F1 of those means (scrapinghub's definition)."""
    scores = [doc_scores(c) for c in counts]
    ps = [p for p, _ in scores if p is not None]
    rs = [r for _, r in scores if r is not None]
    p, r = sum(ps) / len(ps) if ps else 0.0, sum(rs) / len(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def dyad_extractor() -> Callable[[bytes, str], dict[str, str]]:
    from dyad.ingest import read_bytes
    from dyad.model import Document

    def extract(html: bytes, origin: str) -> dict[str, str]:
        docs = [i for i in read_bytes(html, origin, "html") if isinstance(i, Document)]
        return {"dyad": "\n\n".join(d.text for d in docs),
                "dyad+headings": "\n\n".join(with_headings(d.text, d.headings) for d in docs)}

    return extract


def with_headings(text: str, headings: list) -> str:
    """The text with each heading put back as a paragraph where its section starts."""
    for heading in sorted(headings, key=lambda h: h.start, reverse=True):
        text = f"{text[:heading.start]}{heading.text}\n\n{text[heading.start:]}"
    return text


def trafilatura_extractor() -> Callable[[bytes, str], dict[str, str]]:
    import trafilatura

    def extract(html: bytes, origin: str) -> dict[str, str]:
        return {"trafilatura": trafilatura.extract(html) or ""}

    return extract


EXTRACTORS = {"dyad": dyad_extractor, "trafilatura": trafilatura_extractor}


def load_corpus(corpus: Path) -> list[tuple[str, str, bytes, str]]:
    """(id, url, html bytes, true article body) for every page with ground truth."""
    truth = json.loads((corpus / "ground-truth.json").read_text("utf-8"))
    pages = []
    for key in sorted(truth):
        path = corpus / "html" / f"{key}.html.gz"
        if path.exists():
            pages.append((key, truth[key].get("url", ""), gzip.decompress(path.read_bytes()),
                          truth[key].get("articleBody", "")))
    return pages


def run(corpus: Path) -> dict:
    """Extract every page with every extractor and score the output."""
    pages = load_corpus(corpus)
    truths = {key: tokens(body) for key, _, _, body in pages}
    result: dict = {"corpus": str(corpus), "documents": len(pages), "tokenisation": TOKEN.pattern,
                    "shingle_n": SHINGLE, "extractors": {}, "per_document": {}}
    counts: dict[str, tuple[list[Counts], list[Counts]]] = {}
    empty: Counter[str] = Counter()
    seconds: Counter[str] = Counter()
    for group, make in EXTRACTORS.items():
        extract = make()
        for key, url, html, _ in pages:
            start = time.perf_counter()
            texts = extract(html, f"{key}.html")
            seconds[group] += time.perf_counter() - start
            row = result["per_document"].setdefault(key, {"url": url, "true_tokens": len(truths[key])})
            for name, text in texts.items():
                words = tokens(text)
                empty[name] += not words
                tc = match(truths[key], words)
                token_counts, shingle_counts = counts.setdefault(name, ([], []))
                token_counts.append(tc)
                shingle_counts.append(match(shingles(truths[key]), shingles(words)))
                p, r = doc_scores(tc)
                row[name] = {"tokens": len(words), "precision": p, "recall": r, "f1": _f1(p or 0.0, r or 0.0)}
    for name, (token_counts, shingle_counts) in counts.items():
        group = name.split("+")[0]
        result["extractors"][name] = {
            "tokens": {"micro": micro(token_counts), "macro": macro(token_counts)},
            "shingles": {"micro": micro(shingle_counts), "macro": macro(shingle_counts)},
            "empty_outputs": empty[name],
            "seconds_per_page": seconds[group] / max(len(pages), 1),
        }
    return result


def print_table(result: dict, worst: int) -> None:
    """A plain-text summary on standard output."""
    print(f"{result['documents']} pages from {result['corpus']}")
    print(f"{'extractor':<14} {'unit':<9} {'avg':<6} {'P':>6} {'R':>6} {'F1':>6}   empty  s/page")
    for name, scores in result["extractors"].items():
        for unit in ("tokens", "shingles"):
            for avg in ("micro", "macro"):
                m = scores[unit][avg]
                print(f"{name:<14} {unit:<9} {avg:<6} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}"
                      f"   {scores['empty_outputs']:5d}  {scores['seconds_per_page']:.3f}")
    if worst:
        rows = sorted(result["per_document"].items(), key=lambda kv: kv[1]["dyad"]["f1"])[:worst]
        print("\nlowest dyad token F1 (dyad F1 / trafilatura F1, tokens out / true):")
        for key, row in rows:
            d, t = row["dyad"], row["trafilatura"]
            print(f"  {d['f1']:.2f} / {t['f1']:.2f}  {d['tokens']:>5}/{row['true_tokens']:<5} {key[:12]}  {row['url']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "extraction.json")
    parser.add_argument("--worst", type=int, default=10, help="list the N pages where dyad scores lowest")
    args = parser.parse_args(argv)
    if not (args.corpus / "ground-truth.json").exists():
        print(f"error: {args.corpus}: no ground-truth.json (pass --corpus DIR)", file=sys.stderr)
        return 2
    result = run(args.corpus)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print_table(result, args.worst)
    print(f"\nwritten: {args.out}")
    behind = [f"{unit} {avg}" for unit in ("tokens", "shingles") for avg in ("micro", "macro")
              if result["extractors"]["dyad"][unit][avg]["f1"] < result["extractors"]["trafilatura"][unit][avg]["f1"]]
    if behind:
        print(f"FAIL: dyad's F1 is below trafilatura's ({', '.join(behind)})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
