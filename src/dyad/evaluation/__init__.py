"""Evaluation against annotated sets: actors (ConfliBERT CAMEO NER spans) and events."""
