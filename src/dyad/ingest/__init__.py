"""The ingest stage: readers per format and boilerplate segmentation, yielding Documents or Rejected."""

from dyad.ingest.readers import FORMATS, Columns, input_files, read_bytes, read_paths, reader_for_name
from dyad.ingest.segment import Segmented, segment_text

__all__ = ["FORMATS", "Columns", "Segmented", "input_files", "read_bytes", "read_paths", "reader_for_name",
           "segment_text"]
