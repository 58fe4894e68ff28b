"""Language identification with py3langid (its model ships inside the package: no download)."""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["detect_language"]

_SAMPLE_CHARS = 4000  # enough for a confident guess; keeps long pages cheap
_SHORT_TEXT = 300  # below this, names dominate the letters and the guess is weak
_RUNNER_UP = 3


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    # Only languages with an ISO 639-1 code: the model's rare creoles and regional languages
    # (Nigerian Pidgin, Central Bikol, …) otherwise win on short English sentences full of names.
    identifier.set_languages([lang for lang in identifier.nb_classes if len(lang) == 2])
    return identifier


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text has too few letters to tell.

    A short text whose runners-up include English counts as English: news sentences are mostly
    proper names, which mislead a character-n-gram model.
    """
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    ranked = _identifier().rank(sample)
    best = str(ranked[0][0])
    if best != "en" and len(sample) < _SHORT_TEXT and "en" in [lang for lang, _ in ranked[:_RUNNER_UP]]:
        return "en"
    return best
