"""HTML from Jinja2 templates kept as files in triggermap/templates/, always autoescaped.

Every piece of HTML the app makes comes from here. Content and user values go in as plain values and come out
escaped. Only markup we made ourselves (an SVG drawn by triggermap.figure) is passed in as ``Markup``.

A template file is one block (compare.html.j2, notice.html.j2) or a few macros, one per block, that the other
templates import (safety.html.j2: the warning signs, the rules, the cautions). ``render`` fills either.
"""

from __future__ import annotations

from functools import cache

from jinja2 import BaseLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["Markup", "environment", "render"]


def environment(loader: BaseLoader) -> Environment:
    return Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,  # a misspelt name fails loudly instead of rendering nothing
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _environment() -> Environment:
    return environment(PackageLoader("triggermap", "templates"))


def render(template: str, macro: str | None = None, /, **values) -> str:
    """The template filled with ``values``; or, given a ``macro`` name, only that macro called with them."""
    loaded = _environment().get_template(template)
    if macro is None:
        return loaded.render(**values)
    return str(getattr(loaded.module, macro)(**values))
