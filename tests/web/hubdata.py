"""Helpers of the hub tests: hand-made analyses (one carrying script payloads), a store of them, `dyad serve` on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from dyad.model import (
    Actor,
    ActorRef,
    Analysis,
    Document,
    Event,
    Evidence,
    Figure,
    Heading,
    Location,
    Mention,
    Teaser,
)
from dyad.store.rows import analysis_to_rows
from dyad.stores import Store

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
XSS_URL = "javascript:window.__xss=3"
TOKEN = "test-token-123"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

IRN = ActorRef("dyad:IRN:GOV", "Iran", "IRN", "GOV")
PAK = ActorRef("dyad:PAK:GOV", "Pakistan", "PAK", "GOV")
SAU = ActorRef("dyad:SAU:GOV", "Saudi Arabia", "SAU", "GOV")
ACTORS = {"dyad:IRN:GOV": ("Iran", "IRN"), "dyad:PAK:GOV": ("Pakistan", "PAK"), "dyad:SAU:GOV": ("Saudi Arabia", "SAU")}
# (type, quad class, Goldstein, modality) of the event each sentence reports.
KINDS = {"CONSULT": (1, 1.0, "asserted"), "AGREE": (1, 4.0, "planned"), "AID": (2, 7.0, "asserted"),
         "ACCUSE": (3, -2.0, "asserted"), "ASSAULT": (4, -10.0, "asserted")}


def analysis_of(title: str, published: str, sentences: list[tuple[str, str, ActorRef, ActorRef]],
              teasers: list[Teaser] | None = None, origin: str | None = None) -> Analysis:
    """An Analysis whose text is ``sentences``; each carries one event of its type between its two actors."""
    text, events, mentions, spans = "", [], [], {}
    for sentence, kind, source, target in sentences:
        start = len(text)
        text += sentence + " "
        trigger = sentence.split()[1]
        t_start = start + sentence.index(trigger)
        quad, goldstein, modality = KINDS[kind]
        events.append(Event(type=kind, evidence=Evidence(sentence, start, start + len(sentence), trigger, t_start,
                                                         t_start + len(trigger)),
                            source=[source], target=[target], modality=modality, date=published[:10],
                            date_precision="day", quad_class=quad, goldstein=goldstein, confidence=0.9))
        for ref in (source, target):
            at = sentence.find(ref.text)
            if at >= 0:
                mentions.append(Mention(start + at, start + at + len(ref.text), ref.text, [ref.actor]))
                spans.setdefault(ref.actor, []).append((start + at, start + at + len(ref.text)))
    text = text.strip()
    document = Document(id="", origin=origin or f"https://example.org/{published}/{title[:12]}", text=text,
                        title=title, site="example.org", published=published, language="en",
                        headings=[Heading("Background", len(sentences[0][0]) + 1, len(sentences[0][0]) + 1)],
                        teasers=teasers or [])
    actors = [Actor(actor, ACTORS[actor][0], "state", ACTORS[actor][1], "GOV", None, found)
              for actor, found in spans.items()]
    figures = [Figure("$3 billion", 3e9, "USD", Evidence(sentences[0][0], 0, len(sentences[0][0])),
                      "bilateral trade", "current", ["IRN", "PAK"])]
    return Analysis(document=document, actors=actors, events=events, figures=figures, pipeline="test",
                    mentions=mentions)


def sample_analyses() -> list[Analysis]:
    """Iran–Pakistan articles over four months, and one whose title, text and teasers carry script payloads."""
    pages = [
        ("Iran and Pakistan hold talks in Lahore", "2025-05-10", [
            ("Iran consulted Pakistan on border trade worth $3 billion.", "CONSULT", IRN, PAK),
            ("Pakistan accused Iran of harbouring militants.", "ACCUSE", PAK, IRN)]),
        ("Pezeshkian arrives in Pakistan", "2025-06-02", [
            ("Iran agreed with Pakistan to expand the gas pipeline.", "AGREE", IRN, PAK),
            ("Pakistan aided Iran after the earthquake.", "AID", PAK, IRN)]),
        ("Border clash strains ties", "2025-07-15", [
            ("Pakistan attacked Iran across the border.", "ASSAULT", PAK, IRN),
            ("Iran accused Pakistan of the strike.", "ACCUSE", IRN, PAK)]),
        ("Ministers meet to calm tensions", "2025-08-03", [
            ("Iran consulted Pakistan in Islamabad.", "CONSULT", IRN, PAK)]),
    ]
    analyses = [analysis_of(*page) for page in pages]
    analyses.append(analysis_of(f"Hostile {XSS} title", "2025-08-04", [
        (f"Iran consulted Pakistan about {XSS} payloads.", "CONSULT", IRN, PAK)],
        teasers=[Teaser(f"Teaser {XSS}", f"Summary {XSS}", XSS_URL)], origin=XSS_URL))
    return analyses


def gulf_analyses() -> list[Analysis]:
    """Iran–Saudi Arabia and Pakistan–Saudi Arabia pages over 2024 and 2025: IRN–SAU turns from conflict in 2024
    to cooperation in 2025, PAK–SAU stays cooperative. With the sample they give three pairs to compare."""
    pages = [
        ("Iran and Saudi Arabia trade accusations", "2024-03-05", [
            ("Iran accused Saudi Arabia of meddling.", "ACCUSE", IRN, SAU),
            ("Saudi Arabia accused Iran of arming militias.", "ACCUSE", SAU, IRN)]),
        ("Saudi aid reaches Pakistan", "2024-09-01", [
            ("Saudi Arabia aided Pakistan after the floods.", "AID", SAU, PAK)]),
        ("Tehran and Riyadh restore ties", "2025-04-20", [
            ("Iran consulted Saudi Arabia in Beijing.", "CONSULT", IRN, SAU),
            ("Saudi Arabia aided Iran with fuel.", "AID", SAU, IRN)]),
        ("Pakistan and Saudi Arabia talk investment", "2025-05-12", [
            ("Pakistan consulted Saudi Arabia on investment.", "CONSULT", PAK, SAU)]),
    ]
    analyses = [analysis_of(*page) for page in pages]
    analyses[2].events[0].location = Location("Beijing", "CHN", None, 39.9042, 116.4074)  # the place of the talks
    return analyses


def build_store(path: Path, analyses: list[Analysis] | None = None) -> Path:
    """Write ``analyses`` (default: the sample) into a new store at ``path`` through the store's own API."""
    with Store(path) as store:
        run = store.begin_run("test", ["tests/web"])
        result = store.write_batch(run, [analysis_to_rows(a) for a in analyses or sample_analyses()])
        store.recluster()
        store.finish_run(run, "done", {"documents": result.stored, "stored": result.stored, "skipped": 0,
                                       "events": result.events, "rejected": 0})
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def shot(page: Any, name: str) -> None:
    """Save a full-page screenshot as test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@contextmanager
def serving(store: Path, token: str | None = None) -> Iterator[str]:
    """`dyad serve` over ``store`` as a subprocess on 127.0.0.1 and a free port; writable with ``token``."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DYAD_TOKEN"}
    if token:
        env["DYAD_TOKEN"] = token
    proc = subprocess.Popen([str(Path(sys.executable).with_name("dyad")), "serve", "--db", str(store), "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/documents?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                output = proc.stdout.read().decode() if proc.stdout and proc.poll() is not None else ""
                pytest.fail(f"dyad serve did not start: {output[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
