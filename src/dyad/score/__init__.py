"""PLOVER ontology and CAMEO crosswalk: codes, quad classes and Goldstein weights for events; the event-type policy."""

from dyad.score.ontology import (
    ConfidenceWeights,
    Crosswalk,
    CueRule,
    EventPolicy,
    PloverMode,
    PloverType,
    Rules,
    cameo_code,
    cameo_labels,
    crosswalk,
    cue_rules,
    event_policy,
    plover_types,
    refined_cameo,
    score_event,
)

__all__ = ["ConfidenceWeights", "Crosswalk", "CueRule", "EventPolicy", "PloverMode", "PloverType", "Rules",
           "cameo_code", "cameo_labels", "crosswalk", "cue_rules", "event_policy", "plover_types", "refined_cameo",
           "score_event"]
