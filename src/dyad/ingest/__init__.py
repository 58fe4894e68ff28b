"""The ingest stage: readers per format and boilerplate segmentation, yielding Documents or Rejected."""

from dyad.ingest.readers import FORMATS, input_files, read_bytes, read_paths
from dyad.ingest.segment import Segmented, segment_text

__all__ = ["FORMATS", "Segmented", "input_files", "read_bytes", "read_paths", "segment_text"]
