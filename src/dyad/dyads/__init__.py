"""Aggregations over the store: event clusters (same event, many reports) and dyad timelines."""
