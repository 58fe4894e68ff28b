"""Language identification with py3langid (its model ships inside the package: no download)."""

from __future__ import annotations

from functools import cache

__all__ = ["detect_language"]

_SAMPLE_CHARS = 4000  # enough for a confident guess; keeps long pages cheap


@cache
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text has too few letters to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    lang, _ = _identifier().classify(sample)
    return str(lang)
