"""Entry point of the dashboard: `wsis dashboard` (or `streamlit run dashboard/streamlit_app.py`)."""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # streamlit runs this file as a script

st.set_page_config(page_title="WSIS Stocktaking", page_icon="🌐", layout="wide")
pages = [st.Page("app_pages/search.py", title="Search projects", icon="🔎", default=True)]
st.navigation(pages).run()
