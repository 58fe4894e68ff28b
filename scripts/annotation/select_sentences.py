"""Choose the sentences of dyad's labelled event corpus from the real articles in ../shared/corpora.

Stratified so that every PLOVER type, every modality, figurative uses of event words and plain
no-event sentences are represented: a sentence enters a bucket when its cue words (in
``corpus/events/selection_cues.json``) match; each bucket is filled by weighted draws across the five
corpora, with at most a few sentences per document. Seeded; the output is ``corpus/events/pool.jsonl``
(no text, except where the licence allows it) and, with ``--batches DIR``, labelling batches with
text and context that stay outside the repository.

    python scripts/annotation/select_sentences.py --batches /tmp/label --labellers 7 --relabel 300
    python scripts/annotation/select_sentences.py --round 2 --batches /tmp/label2 --labellers 7 --relabel 0

A later round (``--round N``) reads ``selection_cues_roundN.json``, skips every sentence already in the
pool and appends its choices to the pool with new ids; an ``event_pattern`` in a round's file widens the
event cues that the modality buckets of that round and later ones require; a bucket's ``corpora`` limits its
draws to those corpora.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from pathlib import Path

from dyad.evaluation.corpus import CORPUS_DIR, REDISTRIBUTABLE, iter_documents, sentence_digest, split_of
from dyad.nlp import split_sentences

SEED = 20261201
PER_DOCUMENT = 6
CORPUS_WEIGHT = {"bbc-news": 3.0, "ngec-guardian": 2.0, "free-news": 2.0, "india-police-events": 1.5,
                 "glocon-sample": 1.5}


def _corpus(key: str) -> str:
    return key.split("/", 1)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", type=Path, help="write labelling batches (with text) here")
    parser.add_argument("--labellers", type=int, default=7)
    parser.add_argument("--relabel", type=int, default=300)
    parser.add_argument("--round", type=int, default=1)
    parser.add_argument("--per-document", type=int, default=PER_DOCUMENT, help="most sentences of one document")
    args = parser.parse_args()
    first_round = json.loads((CORPUS_DIR / "selection_cues.json").read_text())
    cues, earlier = first_round, []
    # A modality bucket takes only sentences with one of round one's event cues, or with the ``event_pattern``
    # of this round's or an earlier round's cue file (added once round one's cues were used up).
    event_patterns = [spec["pattern"] for name, spec in first_round["buckets"].items() if name.startswith("type:")]
    for number in range(2, args.round + 1):
        cues = json.loads((CORPUS_DIR / f"selection_cues_round{number}.json").read_text())
        if "event_pattern" in cues:
            event_patterns.append(cues["event_pattern"])
    if args.round > 1:
        earlier = [json.loads(line) for line in (CORPUS_DIR / "pool.jsonl").read_text(encoding="utf-8").splitlines()]
    event_cue = re.compile("|".join(f"(?:{pattern})" for pattern in event_patterns), re.I)
    buckets = {name: (re.compile(spec["pattern"], re.I), spec["count"], spec.get("corpora"))
               for name, spec in cues["buckets"].items()}

    rng = random.Random(SEED + args.round - 1)
    taken_before = {(row["document"], row["start"]) for row in earlier}
    sentences: list[dict] = []
    for key, text, date in iter_documents():
        spans = split_sentences(text)
        title = text[spans[0][0]:spans[0][1]] if spans else ""
        for number, (start, end) in enumerate(spans):
            sentence = text[start:end]
            if not 40 <= len(sentence) <= 400 or "\n" in sentence or sentence.count(" ") < 6 \
                    or (key, start) in taken_before:
                continue
            context = " ".join(text[s:e] for s, e in spans[max(0, number - 2):number])
            sentences.append({"document": key, "start": start, "end": end, "text": sentence, "date": date,
                              "title": title, "context": context[-600:]})
    rng.shuffle(sentences)

    by_corpus: dict[str, list[int]] = defaultdict(list)
    for index, sentence in enumerate(sentences):
        by_corpus[_corpus(sentence["document"])].append(index)
    chosen: dict[int, str] = {}
    per_document: dict[str, int] = defaultdict(int)
    for row in earlier:
        per_document[row["document"]] += 1
    seen_text: set[str] = set()
    for name, (pattern, count, corpora) in buckets.items():
        needs_event = name.startswith("modality:")
        matching = {corpus: [i for i in indices if pattern.search(sentences[i]["text"])
                             and (not needs_event or event_cue.search(sentences[i]["text"]))]
                    for corpus, indices in by_corpus.items() if corpora is None or corpus in corpora}
        if name == "random":
            matching = {corpus: list(indices) for corpus, indices in by_corpus.items()}
        cursors = dict.fromkeys(matching, 0)
        taken = 0
        while taken < count:
            open_corpora = [c for c in matching if cursors[c] < len(matching[c])]
            if not open_corpora:
                break
            corpus = rng.choices(open_corpora, weights=[CORPUS_WEIGHT[c] for c in open_corpora])[0]
            index = matching[corpus][cursors[corpus]]
            cursors[corpus] += 1
            sentence = sentences[index]
            normal = sentence["text"].lower()
            if index in chosen or normal in seen_text or per_document[sentence["document"]] >= args.per_document:
                continue
            chosen[index] = name
            seen_text.add(normal)
            per_document[sentence["document"]] += 1
            taken += 1

    pool = []
    first_id = len(earlier)
    for number, (index, bucket) in enumerate(sorted(chosen.items(), key=lambda kv: (sentences[kv[0]]["document"],
                                                                                    sentences[kv[0]]["start"]))):
        sentence = sentences[index]
        row = {"id": f"ev{first_id + number:05d}", "document": sentence["document"], "start": sentence["start"],
               "end": sentence["end"], "digest": sentence_digest(sentence["text"]),
               "split": split_of(sentence["document"]), "bucket": bucket}
        if sentence["document"].startswith(REDISTRIBUTABLE):
            row["text"] = sentence["text"]
        pool.append((row, sentence))
    with (CORPUS_DIR / "pool.jsonl").open("w", encoding="utf-8") as handle:
        for row in earlier:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        for row, _ in pool:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts: dict[str, int] = defaultdict(int)
    for row, _ in pool:
        counts[row["bucket"]] += 1
    print(f"{len(pool)} sentences from {len(sentences)} candidates:", dict(sorted(counts.items())))

    if args.batches:
        args.batches.mkdir(parents=True, exist_ok=True)
        order = list(range(len(pool)))
        rng.shuffle(order)
        for labeller in range(args.labellers):
            _write_batch(args.batches / f"batch_{labeller + 1}.jsonl", [pool[i] for i in order[labeller::args.labellers]])
        if args.relabel:
            _write_batch(args.batches / "batch_relabel.jsonl",
                         [pool[i] for i in sorted(rng.sample(order, args.relabel))])


def _write_batch(path: Path, rows: list[tuple[dict, dict]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row, sentence in rows:
            handle.write(json.dumps({"id": row["id"], "date": sentence["date"], "title": sentence["title"][:200],
                                     "context": sentence["context"], "sentence": sentence["text"]},
                                    ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
