"""The search box at the top of every page, where a thumb finds it on a phone.

A plain <input> in a components.v2 component rather than st.text_input: it searches as you type,
and it needs no widget code beyond the component loader the body map already uses, which keeps
the first load of every page light. The query reaches the server as component state; the results
are buttons that open the muscle on the explorer and empty the box.
"""

import streamlit as st

from triggermap.search import search
from triggermap_app import pages
from triggermap_app.page import plain_caption, plain_markdown
from triggermap_app.resources import atlas

QUERY, CHOSEN, BOX = "search_query", "search_chosen", "search_box_count"
HTML = """
<div class="search">
  <label for="q">Search muscles</label>
  <input id="q" type="search" autocomplete="off" spellcheck="false" maxlength="100"
         placeholder="Search: glute, QL, sitting, outer thigh" aria-describedby="q-help">
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
p { font-size: 0.8rem; color: #4f5d66; margin: 0.3rem 0 0; }
@media (max-width: 640px) {
  label, p { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  input { height: 2.75rem; }
}
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


def _box_key() -> str:
    """The box's widget key: a new one after a result is chosen, so the box comes back empty."""
    return f"search_{st.session_state.get(BOX, 0)}"


def remember_query() -> None:
    query = (st.session_state[_box_key()] or {}).get("query")
    st.session_state[QUERY] = query[:100] if isinstance(query, str) else ""


def choose(muscle_id: str) -> None:
    st.session_state[CHOSEN] = muscle_id
    st.session_state[QUERY] = ""
    st.session_state[BOX] = st.session_state.get(BOX, 0) + 1


def open_chosen_result() -> None:
    """After a result is chosen: the explorer, showing that muscle (before any page runs)."""
    if muscle_id := st.session_state.pop(CHOSEN, None):
        st.switch_page(pages.EXPLORE.path, query_params={"muscle": muscle_id})


def search_box() -> None:
    query = st.session_state.get(QUERY, "")
    _search_component()(key=_box_key(), data={"query": query}, on_query_change=remember_query)
    if query.strip():
        search_results(query)


def search_results(query: str) -> None:
    hits = search(atlas(), query)
    if not hits:
        st.caption("No muscle matches. Try a body part (hip, thigh) or a symptom (sitting, coughing).")
    for hit in hits:
        muscle = atlas().muscles[hit.muscle_id]
        st.button(plain_markdown(muscle.name), key=f"result_{muscle.id}", icon=":material/arrow_forward:",
                  type="tertiary", on_click=choose, args=(muscle.id,))
        if hit.reason:
            plain_caption(hit.reason)
