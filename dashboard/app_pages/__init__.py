"""Dashboard pages, one file each; streamlit_app.py lists them."""
