"""Intake: publish submissions to the raw topic (one producer path for every door), and the demo dataset."""
