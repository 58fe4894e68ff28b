"""`dyad eval`: score dyad against externally annotated sets and print the figures."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from dyad.cli.app import eval_app

DEFAULT_SHARED = Path("../shared")


class EventSet(StrEnum):
    conflibert = "conflibert"
    roles = "roles"
    ngec = "ngec"
    all = "all"


def _shared_file(shared: Path, *parts: str) -> Path:
    path = shared.joinpath(*parts)
    if not path.exists():
        typer.echo(f"error: {path} not found; pass --shared with the folder holding corpora/", err=True)
        raise typer.Exit(2)
    return path


@eval_app.command("events")
def eval_events(
    dataset: Annotated[EventSet, typer.Option("--set", help="Which evaluation set to score.")] = EventSet.all,
    shared: Annotated[Path, typer.Option(help="The folder holding corpora/ (../shared).")] = DEFAULT_SHARED,
    limit: Annotated[int | None, typer.Option(help="Score only the first N items (ngec: the first N of a fixed random sample of 600).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Event coding: CAMEO PentaClass on ConfliBERT news sentences, source/target countries on its actor-span
    sentences, PLOVER type on NGEC synthetic stories."""
    from dyad.evaluation.events import describe, evaluate_conflibert, evaluate_ngec, evaluate_roles
    from dyad.pipeline import analyse_document

    results = []
    if dataset in (EventSet.conflibert, EventSet.all):
        path = _shared_file(shared, "corpora", "conflibert-cameo", "cameo_class", "train.tsv")
        results.append(evaluate_conflibert(path, analyse_document, limit=limit))
    roles = None
    if dataset in (EventSet.roles, EventSet.all):
        path = _shared_file(shared, "corpora", "conflibert-cameo", "cameo_ner", "train.txt")
        roles = evaluate_roles(path, shared, analyse_document, limit=limit)
    if dataset in (EventSet.ngec, EventSet.all):
        path = _shared_file(shared, "corpora", "ngec-synthetic", "gpt_synthetic_events_2023-10-19_19.csv.zip")
        results.append(evaluate_ngec(path, analyse_document, limit=limit or 600))
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results] + ([roles.to_dict()] if roles else []), indent=2))
        return
    typer.echo("\n\n".join(describe(r) for r in results))
    if roles:
        figures = roles.to_dict()
        typer.echo(f"\n{roles.name}: {roles.sentences} sentences; source country accuracy "
                   f"{figures['source_accuracy']:.3f} of {roles.source_scored}, target country accuracy "
                   f"{figures['target_accuracy']:.3f} of {roles.target_scored}")


@eval_app.command("corpus")
def eval_corpus(
    split: Annotated[str, typer.Option(help="Which split of corpus/events to score: test (the development test "
                                            "split), tune (the train split's tune fold) or train.")] = "test",
    without: Annotated[list[str] | None, typer.Option(help="Switch a pipeline step off by name (e.g. "
                                                           "learned_events for the rules alone); repeatable.")] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N sentences.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Event types, modality and roles on dyad's own labelled corpus (corpus/events, needs ../shared for texts)."""
    from dyad.evaluation.corpus import in_tune_fold, load_corpus
    from dyad.evaluation.labelled import describe_labelled, evaluate_labelled
    from dyad.pipeline import Pipeline, PipelineError, analyse_document

    if split not in ("test", "tune", "train"):
        typer.echo(f"error: --split must be test, tune or train, not {split!r}", err=True)
        raise typer.Exit(2)
    try:
        pipeline = Pipeline(without=without or ())
        items = load_corpus("train" if split == "tune" else split)
        if split == "tune":
            items = [item for item in items if in_tune_fold(item.document)]
    except PipelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    except (FileNotFoundError, KeyError) as exc:
        typer.echo(f"error: the corpus texts need ../shared/corpora beside the checkout ({exc})", err=True)
        raise typer.Exit(2) from exc
    items = items[:limit] if limit else items
    name = f"corpus/events {split}" + (f" without {', '.join(without)}" if without else "")
    scores = evaluate_labelled(items, lambda document: analyse_document(document, pipeline), name)
    typer.echo(json.dumps(scores.to_dict(), indent=2) if as_json else describe_labelled(scores))


class CoverageSet(StrEnum):
    bbc = "bbc"
    guardian = "guardian"
    all = "all"


@eval_app.command("coverage")
def eval_coverage(
    dataset: Annotated[CoverageSet, typer.Option("--set", help="bbc (bbc-news/politics), guardian (ngec-guardian) "
                                                               "or all.")] = CoverageSet.all,
    shared: Annotated[Path, typer.Option(help="The folder holding corpora/ (../shared).")] = DEFAULT_SHARED,
    limit: Annotated[int | None, typer.Option(help="Analyse only the first N documents of each set.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Share of events with a country on both sides (what a dyad can use) on unlabelled real news."""
    from dyad.evaluation.coverage import bbc_politics, country_coverage, ngec_guardian
    from dyad.pipeline import analyse_document

    sets = []
    if dataset in (CoverageSet.bbc, CoverageSet.all):
        _shared_file(shared, "corpora", "bbc-news", "politics")
        sets.append(("bbc-news/politics", bbc_politics(shared, limit)))
    if dataset in (CoverageSet.guardian, CoverageSet.all):
        _shared_file(shared, "corpora", "ngec-guardian", "Guardian_SDF_sample.csv")
        sets.append(("ngec-guardian", ngec_guardian(shared, limit)))
    results = [country_coverage(name, documents, analyse_document).to_dict() for name, documents in sets]
    if as_json:
        typer.echo(json.dumps(results, indent=2))
        return
    for r in results:
        typer.echo(f"{r['name']}: {r['documents']} documents, {r['events']} events, {r['two_sided']} with a country "
                   f"on both sides ({r['share']:.1%})")
