"""Pydantic models shared by every stage: submissions, tags, rejections, and the WSIS reference data."""
