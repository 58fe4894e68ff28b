"""PLOVER ontology and CAMEO crosswalk: codes, quad classes and Goldstein weights for events."""

from dyad.score.ontology import Crosswalk, PloverMode, PloverType, Rules, crosswalk, plover_types, score_event

__all__ = ["Crosswalk", "PloverMode", "PloverType", "Rules", "crosswalk", "plover_types", "score_event"]
