"""Streamlit glue shared by the pages: cached resources, the body-map component, panels."""
