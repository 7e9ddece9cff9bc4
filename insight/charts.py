"""Bar charts drawn on the server as SVG: no JavaScript, the same in a browser and in the PDF.

A chart is horizontal bars, one a row (a group, a year, a state, a month), each split into
its series (positive, neutral...) and ending with its total. The SVG is an image with a title
and a description that says every number (role="img"), and every chart sits beside the table
of the same numbers (templates/insight/_chart.html): the chart is never the only way to read
them.

This module works out the geometry; templates/insight/_chart.svg draws it.
"""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

# Colours from the GOV.UK palette, each at least 3:1 against the white page, with text on
# them at 4.5:1 or more.
BLUE = "#1d70b8"
GREEN = "#00703c"
GREY = "#505a5f"
RED = "#d4351c"
PURPLE = "#4c2c92"

# A chart is drawn this wide (in its own units: about pixels at the width it is shown), as the
# page's two-thirds column, or its half column for a compact one.
WIDTH, COMPACT_WIDTH = 640, 460
LABEL_WIDTH, COMPACT_LABEL_WIDTH = 220, 170  # the row labels, left of the bars
LABEL_CHARACTERS, COMPACT_LABEL_CHARACTERS = 28, 21  # a longer label wraps (two lines at most)
VALUE_WIDTH = 56  # the total, right of the longest bar
BAR_HEIGHT = 24
ROW_GAP = 12
LINE_HEIGHT = 16
LEGEND_HEIGHT = 34
FONT_SIZE = 14
# A segment narrower than this shows no number inside it (the total and the table still do).
MIN_LABELLED_WIDTH = 24


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    text: str  # the number shown inside, "" when it does not fit
    text_x: float


@dataclass(frozen=True)
class Row:
    label_lines: list[tuple[str, float]]  # each line of the label and its baseline
    y: float
    segments: list[Segment]
    total: str
    total_x: float
    total_y: float


@dataclass(frozen=True)
class LegendItem:
    name: str
    colour: str
    x: float

    @property
    def text_x(self) -> float:
        return self.x + 22


@dataclass(frozen=True)
class BarChart:
    """What templates/insight/_chart.svg draws."""

    chart_id: str
    title: str
    description: str
    rows: list[Row]
    legend: list[LegendItem]
    width: int
    height: float
    axis_x: int
    axis_top: float
    font_size: int
    bar_height: int

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height:g}"

    @property
    def label_x(self) -> int:
        """Where the row labels end (they are right-aligned against the axis)."""
        return self.axis_x - 8


def number(value: float) -> str:
    """A count as itself; a measure such as a median with one decimal place."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _describe(
    title: str, series: Sequence[Series], data: Sequence[tuple[str, Sequence[float]]], unit: str
) -> str:
    """Every number of the chart in words: what a screen reader says for the image."""
    if not data:
        return f"{title}: nothing to show yet."
    parts = []
    for label, values in data:
        if len(series) == 1:
            parts.append(f"{label}: {number(values[0])}{f' {unit}' if unit else ''}")
        else:
            said = ", ".join(
                f"{number(value)} {item.name.lower()}"
                for item, value in zip(series, values, strict=True)
            )
            parts.append(f"{label}: {said}")
    return f"{title}. " + "; ".join(parts) + ". The table beside the chart gives the same numbers."


def bar_chart(
    *,
    chart_id: str,
    title: str,
    series: Sequence[Series],
    data: Sequence[tuple[str, Sequence[float]]],
    unit: str = "",
    compact: bool = False,
) -> BarChart:
    """A horizontal bar chart: ``data`` is each row's label and its values, one per series;
    ``compact`` for a chart beside its table in half the page."""
    width = COMPACT_WIDTH if compact else WIDTH
    label_width = COMPACT_LABEL_WIDTH if compact else LABEL_WIDTH
    characters = COMPACT_LABEL_CHARACTERS if compact else LABEL_CHARACTERS
    plot_width = width - label_width - VALUE_WIDTH
    totals = [sum(values) for _, values in data]
    largest = max(totals, default=0) or 1
    legend_height = LEGEND_HEIGHT if len(series) > 1 else 0
    legend = []
    x = 0.0
    for item in series if len(series) > 1 else []:
        legend.append(LegendItem(item.name, item.colour, x))
        x += 24 + len(item.name) * 8 + 24
    rows = []
    y = float(legend_height + ROW_GAP / 2)
    for (label, values), total in zip(data, totals, strict=True):
        lines = textwrap.wrap(label, characters)[:2] or [""]
        band = max(BAR_HEIGHT, len(lines) * LINE_HEIGHT)
        bar_y = y + (band - BAR_HEIGHT) / 2
        first_line = y + band / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE / 3
        segments = []
        x = float(label_width)
        for item, value in zip(series, values, strict=True):
            length = plot_width * value / largest
            if length > 0:
                segments.append(
                    Segment(
                        x=round(x, 2),
                        width=round(length, 2),
                        colour=item.colour,
                        text=number(value) if length >= MIN_LABELLED_WIDTH else "",
                        text_x=round(x + length / 2, 2),
                    )
                )
            x += length
        rows.append(
            Row(
                label_lines=[
                    (line, round(first_line + index * LINE_HEIGHT, 2))
                    for index, line in enumerate(lines)
                ],
                y=round(bar_y, 2),
                segments=segments,
                total=number(total),
                total_x=round(x + 6, 2),
                total_y=round(bar_y + BAR_HEIGHT / 2 + FONT_SIZE / 3, 2),
            )
        )
        y += band + ROW_GAP
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=_describe(title, series, data, unit),
        rows=rows,
        legend=legend,
        width=width,
        height=max(y + ROW_GAP / 2, legend_height + BAR_HEIGHT),
        axis_x=label_width,
        axis_top=legend_height,
        font_size=FONT_SIZE,
        bar_height=BAR_HEIGHT,
    )
