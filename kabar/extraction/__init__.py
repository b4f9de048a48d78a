"""Extraction stages: analyse (mentions) and assemble (events)."""
