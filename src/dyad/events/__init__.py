"""The events stage: PLOVER event coding with roles, modality and evidence."""

from dyad.events.coder import EventCoder, focus_pair
from dyad.events.modality import modality_of

__all__ = ["EventCoder", "focus_pair", "modality_of"]
