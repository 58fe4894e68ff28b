"""dyad: news and policy analysis into structured knowledge of international relations."""

from __future__ import annotations

from dyad.version import __version__

__all__ = ["__version__", "analyse", "analyse_document", "read"]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # The API functions import the pipeline lazily so that `import dyad` stays cheap.
    if name in {"analyse", "analyse_document", "read"}:
        from dyad import api

        return getattr(api, name)
    raise AttributeError(name)
