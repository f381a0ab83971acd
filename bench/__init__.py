"""Performance benchmark of triggermap against a bare Streamlit app. Run with `make bench`; see README.md."""
