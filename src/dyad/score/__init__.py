"""PLOVER ontology and CAMEO crosswalk: codes, quad classes and Goldstein weights for events."""

from dyad.score.ontology import (
    Crosswalk,
    CueRule,
    PloverMode,
    PloverType,
    Rules,
    cameo_code,
    cameo_labels,
    crosswalk,
    cue_rules,
    plover_types,
    refined_cameo,
    score_event,
)

__all__ = ["Crosswalk", "CueRule", "PloverMode", "PloverType", "Rules", "cameo_code", "cameo_labels", "crosswalk",
           "cue_rules", "plover_types", "refined_cameo", "score_event"]
