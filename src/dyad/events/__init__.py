"""The events stage: PLOVER event coding with roles, modality and evidence, and the places of visits."""

from dyad.events.coder import EventCoder, focus_pair
from dyad.events.modality import modality_of
from dyad.events.places import host_location

__all__ = ["EventCoder", "focus_pair", "host_location", "modality_of"]
