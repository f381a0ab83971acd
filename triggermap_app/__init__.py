"""The Streamlit app: entry script, pages and the glue they share (cached resources, the body-map component, panels)."""

from importlib.resources import files


def asset(name: str) -> str:
    """A stylesheet or script shipped in this package, found wherever the package is installed."""
    return (files(__name__) / name).read_text(encoding="utf-8")
