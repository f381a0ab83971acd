"""triggermap: myofascial trigger-point referral patterns on a body map.

The domain package: content loading and validation, body-map geometry,
lookups and rendering. It never imports Streamlit.
"""

from triggermap.atlas import Atlas, AtlasError, Problem, load_atlas

__all__ = ["Atlas", "AtlasError", "Problem", "load_atlas"]
