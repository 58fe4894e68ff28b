"""The package version and the pipeline stamp (version + digest of the knowledge files)."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

__all__ = ["__version__", "knowledge_digest", "pipeline_stamp"]

__version__ = "0.1.0"


@cache
def knowledge_digest() -> str:
    """SHA-256 (first 12 hex digits) over every knowledge file shipped in ``dyad/data``."""
    digest = hashlib.sha256()
    root = resources.files("dyad.data")
    stack = [root]
    files = []
    while stack:
        node = stack.pop()
        for child in node.iterdir():
            if child.is_dir():
                if child.name != "__pycache__":
                    stack.append(child)
            elif not child.name.endswith((".py", ".pyc")):
                files.append(child)
    for child in sorted(files, key=lambda c: str(c)):
        digest.update(str(child).rsplit("data", 1)[-1].encode())
        digest.update(child.read_bytes())
    return digest.hexdigest()[:12]


@cache
def pipeline_stamp() -> str:
    """What every output row is stamped with: ``dyad <version>+k<knowledge digest>+e<encoder digest>``.

    The knowledge digest covers every file under ``dyad/data``, the learned heads among them; the encoder
    digest covers the ONNX file that ships in its own package.
    """
    from dyad.learn.encoder import encoder_digest

    return f"dyad {__version__}+k{knowledge_digest()}+e{encoder_digest()}"
