"""Amounts, currencies, percentages and counts in text, with what they measure and their role."""

from dyad.figures.document import document_figures
from dyad.figures.extract import casualties, extract_figures

__all__ = ["casualties", "document_figures", "extract_figures"]
