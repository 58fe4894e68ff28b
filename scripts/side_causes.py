"""Why event sides lack a country: for every side of every event without a participant carrying a country, its
cause (no participant; a learned-coder phrase, with or without an agent head noun; an agent, person,
organisation, group, IGO/NGO without a country), with counts and examples.

    python scripts/side_causes.py --set bbc --limit 80 [--save out.jsonl] [--examples 20]
    python scripts/side_causes.py --from analyses.jsonl      # the output of `dyad analyze`

Used for the cause table of docs/actors.md.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from dyad.actors import ActorResolver
from dyad.evaluation.coverage import bbc_politics, ngec_guardian

SHARED = Path(__file__).resolve().parents[1] / "../shared"


def _cause(refs: list[dict], actors: dict[str, dict], agents: dict[str, tuple[str, str]]) -> str:
    if not refs:
        return "no participant"
    actor = actors.get(refs[0]["actor"], {})
    actor_id = refs[0]["actor"]
    if actor_id.startswith("dyad:phrase:"):
        head = refs[0]["text"].lower().split()[-1] if refs[0]["text"].split() else ""
        return "phrase, agent head noun" if head in agents else "phrase, other"
    if actor_id.startswith("dyad:agent:"):
        return "agent without country"
    if actor_id.startswith(("dyad:igo:", "dyad:ngo:")):
        return "IGO/NGO"
    return f"{actor.get('kind') or 'unknown'} without country"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("bbc", "guardian"), default="bbc")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--from", dest="source", type=Path, help="analyses (JSON lines) instead of a run")
    parser.add_argument("--save", type=Path, help="write the analyses of the run here")
    parser.add_argument("--examples", type=int, default=20)
    args = parser.parse_args()
    if args.source:
        records = [json.loads(line) for line in args.source.open(encoding="utf-8")]
    else:
        from dyad.pipeline import analyse_document

        loader = bbc_politics if args.set == "bbc" else ngec_guardian
        records = [analyse_document(d).to_dict() for d in loader(SHARED, args.limit)]
        if args.save:
            args.save.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    agents = ActorResolver().knowledge.agents
    causes: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    events = two_sided = 0
    for record in records:
        actors = {a["id"]: a for a in record["actors"]}
        origin = record["document"]["id"] if "document" in record else Path(record["origin"]).name
        for event in record["events"]:
            events += 1
            sides = [event["source"], event["target"]]
            missing = [s for s in sides if not any(r.get("country") for r in s)]
            two_sided += not missing
            for side in missing:
                cause = _cause(side, actors, agents)
                causes[cause] += 1
                label = side[0]["text"] if side else "-"
                examples.setdefault(cause, []).append(
                    f"{origin} {event['type']} [{label}] {event['evidence']['sentence'][:140]}")
    print(f"{len(records)} documents, {events} events, {two_sided} with a country on both sides; "
          f"{sum(causes.values())} sides without a country:")
    rng = random.Random(7)
    for cause, n in causes.most_common():
        print(f"  {n:6d}  {cause}")
    for cause, _ in causes.most_common():
        if cause == "no participant":
            continue
        print(f"\n## {cause}")
        pool = examples[cause]
        for line in rng.sample(pool, min(args.examples, len(pool))):
            print("   ", line)


if __name__ == "__main__":
    main()
