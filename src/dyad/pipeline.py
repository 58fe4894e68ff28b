"""Composes the stages: ``analyse_document(document) -> Analysis``. No I/O happens here."""

from __future__ import annotations

from dyad.model import Analysis, Document
from dyad.version import pipeline_stamp

__all__ = ["analyse_document"]


def analyse_document(document: Document) -> Analysis:
    """Run every analysis stage over one Document."""
    return Analysis(document=document, pipeline=pipeline_stamp())
