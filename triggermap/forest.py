"""A forest plot of pooled effects (SMD with 95% CI), and the same numbers as plain text.

The Evidence page draws the figure and writes its text from one list of
``Effect`` entries, so every number is typed once, in triggermap/content/muscles.yaml.
No Streamlit here: the page passes the figure to ``st.plotly_chart`` with
``CHART_CONFIG``.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go
from markupsafe import escape  # the templates' escape; Plotly's labels decode its &#NN; entities too

from triggermap.models import Effect

FAVOURS = "Left of the line favours massage"
TITLE = "How much massage eased pain"
X_TITLE = "Difference in pain between the groups (SMD)"

# Dark ink on white, one shape for every row and a dotted zero line: readable in grayscale and when printed.
INK = "#1f2a33"
MUTED = "#4a5560"
LINE = "#6b7680"
FONT = "\"Source Sans\", sans-serif"  # the app's own font (Streamlit serves it), then any sans-serif

LABEL_WIDTH = 38  # characters per label line: fits a 390 px phone at 14 px text
ROW_PX = 116  # vertical room per result: three label lines above the point, then the point and its bar
TOP_PX = 56
Y_TOP_PAD = 0.8  # rows of room above the top point, for its label
Y_BOTTOM_PAD = 0.4  # rows of room below the bottom point
BOTTOM_PX = 92

# A still picture: no mode bar, no links out, no zoom or drag, nothing for the keyboard to get stuck in.
CHART_CONFIG = {
    "staticPlot": True,
    "displayModeBar": False,
    "displaylogo": False,
    "showLink": False,
    "showTips": False,
    "showEditInChartStudio": False,
    "sendData": False,
    "scrollZoom": False,
    "doubleClick": False,
    "editable": False,
    "responsive": True,
}

MINUS = "\u2212"  # a real minus sign: clearer on screen, and read as "minus" by screen readers


def number(value: float) -> str:
    """``-0.4`` -> ``"−0.40"``: two decimals, as the review reports them."""
    text = f"{abs(value):.2f}"
    return f"{MINUS}{text}" if value < 0 and text != "0.00" else text


def interval(effect: Effect) -> str:
    return f"{number(effect.ci_low)} to {number(effect.ci_high)}"


def counts(effect: Effect) -> str:
    trials = "1 trial" if effect.trials == 1 else f"{effect.trials} trials"
    people = "1 person" if effect.participants == 1 else f"{effect.participants} people"
    return f"{trials}, {people}"


def effect_line(effect: Effect) -> str:
    """One result as a line of text for the page's figures."""
    line = (
        f"{effect.label}, {effect.comparison[0].lower()}{effect.comparison[1:]}: "
        f"pain SMD {number(effect.smd)} (95% CI {interval(effect)}), {counts(effect)}"
    )
    return f"{line}; {effect.note}" if effect.note else line


def side(effect: Effect) -> str:
    """Where the result sits against the zero line, in plain words."""
    if effect.ci_high < 0:
        return "left of the line, and so is its whole likely range"
    if effect.ci_low > 0:
        return "right of the line, and so is its whole likely range"
    if effect.smd < 0:
        return "left of the line, but its likely range crosses the line"
    if effect.smd > 0:
        return "right of the line, but its likely range crosses the line"
    return "on the line"


def summary(effects: Sequence[Effect]) -> str:
    """A short text alternative for the chart: what it shows, in words."""
    if not effects:
        return "There are no results to chart."
    n = len(effects)
    left = sum(e.smd < 0 for e in effects)
    clear = sum(e.ci_high < 0 for e in effects)
    what = "one result" if n == 1 else f"{n} results"
    if left == n:
        overall = "It sits left of the line, which favours massage." if n == 1 else (
            f"All {n} sit left of the line, which favours massage."
        )
    else:
        overall = f"{left} of {n} sit left of the line, which favours massage."
    if clear == n:
        sure = "The whole likely range is left of the line too." if n == 1 else (
            "In every one the whole likely range is left of the line too."
        )
    else:
        sure = f"In {clear} of {n} the whole likely range is left of the line."
    return f"The chart shows {what} for pain. {overall} {sure}"


def alt_text(effects: Sequence[Effect]) -> str:
    """The chart's accessible name: one short sentence, the details are in the text beside it."""
    return f"Forest plot: {summary(effects)} The numbers are listed in the text next to the chart."


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, LABEL_WIDTH, break_on_hyphens=False) or [""]


def _label(effect: Effect) -> str:
    lines = [f"<b>{escape(line)}</b>" for line in _wrap(effect.label)]
    lines += [escape(line) for line in _wrap(effect.comparison)]
    lines.append(f"{number(effect.smd)} ({interval(effect)}) · {escape(counts(effect))}")
    return "<br>".join(lines)


def x_range(effects: Sequence[Effect], step: float = 0.5) -> tuple[float, float]:
    """The x range: every interval and the zero line, padded and rounded out to whole steps."""
    low = min([0.0, *(e.ci_low for e in effects)])
    high = max([0.0, *(e.ci_high for e in effects)])
    pad = max(high - low, step) * 0.05
    return math.floor((low - pad) / step) * step, math.ceil((high + pad) / step) * step


def forest_figure(effects: Sequence[Effect], title: str = TITLE) -> go.Figure:
    """A forest plot: one row per result, top to bottom in the order given, with the zero line marked.

    Each row has its label above a square (the SMD) and a bar (its 95% CI).
    Below 0, left of the line, favours massage.
    """
    if not effects:
        raise ValueError("a forest plot needs at least one effect")
    n = len(effects)
    ys = [n - 1 - i for i in range(n)]  # first result at the top
    x0, x1 = x_range(effects)
    fig = go.Figure(
        go.Scatter(
            x=[e.smd for e in effects],
            y=ys,
            mode="markers",
            marker={"symbol": "square", "size": 13, "color": INK},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [round(e.ci_high - e.smd, 6) for e in effects],
                "arrayminus": [round(e.smd - e.ci_low, 6) for e in effects],
                "color": INK,
                "thickness": 2.5,
                "width": 7,
            },
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.add_shape(
        type="line", xref="x", yref="paper", x0=0, x1=0, y0=0, y1=1,
        line={"color": LINE, "width": 2, "dash": "dot"}, layer="below",
    )
    for effect, y in zip(effects, ys, strict=True):
        fig.add_annotation(
            x=0, xref="paper", xanchor="left", y=y, yref="y", yanchor="bottom", yshift=14,
            text=_label(effect), showarrow=False, align="left",
            font={"size": 14, "color": INK}, bgcolor="rgba(255,255,255,0.92)",
        )
    fig.add_annotation(
        x=0, xref="paper", xanchor="left", y=0, yref="paper", yanchor="top", yshift=-54,
        text=f"<b>← {FAVOURS}</b>", showarrow=False, font={"size": 15, "color": INK},
    )
    fig.update_layout(
        template="simple_white",
        title={"text": f"<b>{escape(title)}</b>", "x": 0, "xanchor": "left", "font": {"size": 18, "color": INK}},
        font={"family": FONT, "size": 14, "color": INK},
        height=TOP_PX + BOTTOM_PX + round(ROW_PX * (Y_TOP_PAD + n - 1 + Y_BOTTOM_PAD)),
        margin={"l": 8, "r": 12, "t": TOP_PX, "b": BOTTOM_PX, "autoexpand": False},
        paper_bgcolor="white",
        plot_bgcolor="white",
        dragmode=False,
        hovermode=False,
        xaxis={
            "range": [x0, x1], "dtick": 0.5, "tick0": 0, "fixedrange": True, "zeroline": False,
            "showgrid": False, "ticks": "outside", "linecolor": MUTED, "tickcolor": MUTED,
            "tickfont": {"size": 14, "color": INK}, "title": {"text": X_TITLE, "font": {"size": 14, "color": MUTED}},
        },
        yaxis={"range": [-Y_BOTTOM_PAD, n - 1 + Y_TOP_PAD], "visible": False, "fixedrange": True},
    )
    return fig
