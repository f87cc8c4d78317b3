"""The Streamlit dashboard: search, judging and regional reports."""
