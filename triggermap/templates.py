"""HTML from Jinja2 templates kept as files in triggermap/templates/, always autoescaped.

Content and user values go in as plain values and come out escaped. Only markup we made ourselves (an SVG
drawn by triggermap.figure) is passed in as ``Markup``.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

__all__ = ["Markup", "render"]


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("triggermap", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,  # a misspelt name fails loudly instead of rendering nothing
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **values) -> str:
    return _environment().get_template(name).render(**values)
