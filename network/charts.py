"""Horizontal bar charts drawn as SVG on the server. The page's markup is in
network/includes/chart.html; the repeated rows (the bars and the table's rows) are built here
as one string each, as the members' map does with its points: some 160 rows rendered through
the template language cost several times more. Every chart also has its numbers as a table
and CSV."""

from dataclasses import dataclass
from html import escape

from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .stats import Row

WIDTH = 560
LABEL_WIDTH = 200
VALUE_WIDTH = 56
ROW_HEIGHT = 20
BAR_HEIGHT = 13
PADDING = 4
LABEL_CHARS = 30


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    css: str


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    text_y: float
    segments: tuple[Segment, ...]
    value_text: str
    value_x: float


@dataclass(frozen=True)
class Series:
    css: str
    label: str


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    label_header: str
    series: list[Series]
    rows: list[Row]
    bars: list[Bar]
    height: int
    width: int = WIDTH
    label_x: int = LABEL_WIDTH - 6
    bar_height: int = BAR_HEIGHT

    @property
    def headers(self) -> list[str]:
        return [self.label_header, *(series.label for series in self.series)]

    def table_rows(self) -> list[tuple[Row, tuple[int, ...]]]:
        return [(row, row.values[: len(self.series)]) for row in self.rows]

    def csv_rows(self) -> list[list]:
        return [[row.label, *values] for row, values in self.table_rows()]

    def svg_bars(self) -> SafeString:
        """One ``<g>`` a bar: its label, its stacked segments and its value."""
        parts = []
        for bar in self.bars:
            rects = "".join(
                f'<rect x="{segment.x}" y="{bar.y}" width="{segment.width}" '
                f'height="{self.bar_height}" class="{escape(segment.css)}"/>'
                for segment in bar.segments
            )
            parts.append(
                f'<g><text x="{self.label_x}" y="{bar.text_y}" class="chart-label">'
                f"{escape(str(bar.label))}</text>{rects}"
                f'<text x="{bar.value_x}" y="{bar.text_y}" class="chart-value">'
                f"{escape(bar.value_text)}</text></g>"
            )
        return mark_safe("\n".join(parts))  # noqa: S308 - every text above is escaped

    def table_body(self) -> SafeString:
        """The table's rows: the label (a link where there is one), then the values."""
        parts = []
        for row, values in self.table_rows():
            cells = "".join(f"<td>{escape(str(localize(value)))}</td>" for value in values)
            parts.append(f'<tr><th scope="row">{_label_cell(row)}</th>{cells}</tr>')
        return mark_safe("\n".join(parts))  # noqa: S308 - every text above is escaped


def _label_cell(row: Row) -> str:
    label = escape(str(row.label))
    return f'<a href="{escape(row.url)}">{label}</a>' if row.url else label


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _bar(index: int, row: Row, series: list[Series], scale: float) -> Bar:
    y = PADDING + index * ROW_HEIGHT
    x = float(LABEL_WIDTH)
    segments = []
    for value, one in zip(row.values, series, strict=True):
        width = round(value * scale, 1)
        if width:
            segments.append(Segment(round(x, 1), width, one.css))
        x += width
    return Bar(
        label=_short(row.short_label or row.label),
        y=y,
        text_y=y + BAR_HEIGHT - 2,
        segments=tuple(segments),
        value_text=" + ".join(str(value) for value in row.values),
        value_x=round(x + 4, 1),
    )


def _description(rows: list[Row]) -> str:
    top = max(rows, key=lambda row: sum(row.values), default=None)
    if top is None or not sum(top.values):
        return _("No figures yet.")
    return _("{count} bars. The longest: {label}, {value}.").format(
        count=len(rows), label=top.label, value=sum(top.values)
    )


def bar_chart(
    *,
    slug: str,
    title: str,
    label_header: str,
    series: list[Series],
    rows: list[Row],
    values: slice = slice(None),
) -> Chart:
    """One bar a row; several series are stacked. ``values`` picks the series out of
    each row's values (for a chart of one of them)."""
    rows = [Row(row.label, row.values[values], row.url, row.short_label) for row in rows]
    largest = max((sum(row.values) for row in rows), default=0)
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / largest if largest else 0
    return Chart(
        slug=slug,
        title=title,
        description=_description(rows),
        label_header=label_header,
        series=series,
        rows=rows,
        bars=[_bar(index, row, series, scale) for index, row in enumerate(rows)],
        height=PADDING * 2 + len(rows) * ROW_HEIGHT,
    )
