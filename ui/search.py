"""The search box shown in the sidebar of every page.

A plain <input> in a components.v2 component rather than st.text_input: it searches as you type,
and it needs no widget code beyond the component loader the body map already uses, which keeps
the first load of every page light. The query reaches the server as component state; the results
are ordinary Streamlit page links.
"""

import streamlit as st

from triggermap.search import search
from ui.resources import atlas

KEY, QUERY = "search", "search_query"
HTML = """
<div class="search">
  <label for="q">Search muscles</label>
  <input id="q" type="search" autocomplete="off" spellcheck="false" maxlength="100"
         placeholder="e.g. glute, QL, sitting, outer thigh" aria-describedby="q-help">
  <p id="q-help">By name, common name, symptom words or where it hurts.</p>
</div>
"""
CSS = """
.search { font-family: inherit; color: inherit; }
label { display: block; font-size: 0.875rem; margin: 0 0 0.25rem; }
input {
  box-sizing: border-box; width: 100%; height: 2.5rem; padding: 0 0.75rem; font: inherit; font-size: 0.9rem;
  color: inherit; background: #fff; border: 1px solid #cfd8de; border-radius: 0.5rem; outline: none;
}
input:focus { border-color: #2f6f8f; box-shadow: 0 0 0 1px #2f6f8f; }
input::placeholder { color: #8a969e; }
p { font-size: 0.8rem; color: #5b6b75; margin: 0.3rem 0 0; }
"""
# Sends the query 250 ms after the last keystroke, or at once on Enter.
JS = """
export default function ({ parentElement, data, setStateValue }) {
  const input = parentElement.querySelector("input");
  if (!input.dataset.bound) {
    input.dataset.bound = "1";
    input.value = data.query;
    let timer;
    const send = () => { clearTimeout(timer); setStateValue("query", input.value); };
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(send, 250); });
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") send(); });
  }
}
"""


@st.cache_resource(show_spinner=False)
def _search_component():
    return st.components.v2.component("triggermap_search", html=HTML, css=CSS, js=JS)


def remember_query() -> None:
    query = (st.session_state[KEY] or {}).get("query")
    st.session_state[QUERY] = query[:100] if isinstance(query, str) else ""


def search_box() -> None:
    with st.sidebar:
        query = st.session_state.get(QUERY, "")
        _search_component()(key=KEY, data={"query": query}, on_query_change=remember_query)
        if query.strip():
            search_results(query)


def search_results(query: str) -> None:
    hits = search(atlas(), query)
    if not hits:
        st.caption("No muscle matches. Try a body part (hip, thigh) or a symptom (sitting, coughing).")
    for hit in hits:
        muscle = atlas().muscles[hit.muscle_id]
        st.page_link("app_pages/explore.py", label=muscle.name, query_params={"muscle": muscle.id}, icon=":material/arrow_forward:")
        if hit.reason:
            st.caption(hit.reason)
