"""Amounts, currencies, percentages and counts in text, with what they measure and their role."""

from dyad.figures.extract import casualties, extract_figures

__all__ = ["casualties", "extract_figures"]
