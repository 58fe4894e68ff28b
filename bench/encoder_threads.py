"""How the encoder is best spread over 2 cores: relative wall times over the sentences of BBC politics articles.

Every configuration encodes the same sentences, one onnxruntime run per sentence as ``dyad.learn.encoder`` does,
in one process, rounds interleaved so that a shared machine's load falls on all of them alike; every result is
checked to be bitwise the encodings of one thread. Configurations: one thread; two intra-op threads (with and
without onnxruntime's spinning); two sentences at once on a pool of two threads with one intra-op thread each (what
``DYAD_ENCODER_THREADS=2`` does); two processes with one thread each, half the sentences each (start-up included).
Printed: wall time relative to one thread, summed over the rounds.

    .venv/bin/python bench/encoder_threads.py [--articles 60] [--rounds 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from throughput import bbc_files


def _encodings(articles: int) -> list:
    from dyad.ingest import read_paths
    from dyad.learn.encoder import tokenizer
    from dyad.model import Document
    from dyad.nlp import split_sentences

    documents = [d for d in read_paths([str(f) for f in bbc_files(articles, category="politics")])
                 if isinstance(d, Document)]
    return tokenizer().encode_batch([d.text[s:e] for d in documents for s, e in split_sentences(d.text)])


def _session(threads: int, spinning: bool = True):
    import onnxruntime

    from dyad.learn.encoder import model_file

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    return onnxruntime.InferenceSession(str(model_file()), options, providers=["CPUExecutionProvider"])


def _run(session, encoding) -> np.ndarray:
    ids = np.asarray([encoding.ids], dtype=np.int64)
    return session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids),
                              "token_type_ids": np.zeros_like(ids)})[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--half", type=int, choices=(0, 1), help=argparse.SUPPRESS)  # a child of the 2-process run
    args = parser.parse_args()
    encodings = _encodings(args.articles)
    if args.half is not None:
        session = _session(1)
        for encoding in encodings[args.half::2]:
            _run(session, encoding)
        return
    one, two, two_quiet = _session(1), _session(2), _session(2, spinning=False)
    pool = ThreadPoolExecutor(2)
    reference = [_run(one, e) for e in encodings]

    def two_processes() -> None:
        children = [subprocess.Popen([sys.executable, __file__, "--articles", str(args.articles), "--half", str(h)])
                    for h in (0, 1)]
        for child in children:
            if child.wait() != 0:
                raise RuntimeError("a child of the 2-process run failed")

    runs = {"1 thread": lambda: [_run(one, e) for e in encodings],
            "2 intra-op threads": lambda: [_run(two, e) for e in encodings],
            "2 intra-op threads, no spinning": lambda: [_run(two_quiet, e) for e in encodings],
            "2 sentences at once (1 thread each)": lambda: list(pool.map(lambda e: _run(one, e), encodings)),
            "2 processes (start-up included)": two_processes}
    spent = dict.fromkeys(runs, 0.0)
    for _ in range(args.rounds):
        for name, run in runs.items():
            began = time.perf_counter()
            out = run()
            spent[name] += time.perf_counter() - began
            if out is not None and not all(np.array_equal(a, b) for a, b in zip(reference, out, strict=True)):
                raise RuntimeError(f"{name}: encodings differ from one thread's")
    print(f"{len(encodings)} sentences of {args.articles} articles, {args.rounds} rounds; encodings identical; "
          "wall time relative to 1 thread:")
    for name, seconds in spent.items():
        print(f"  {name:38s} {seconds / spent['1 thread']:.2f}")


if __name__ == "__main__":
    main()
