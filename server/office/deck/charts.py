"""Native bar charts (PowerPoint can still edit their data), styled with the theme's accent colours."""

from __future__ import annotations

from typing import Any, cast

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.slide import Slide

from .geometry import Box, to_emu


def bar_chart(
    slide: Slide,
    box: Box,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    percent: bool,
) -> Any:
    """A clustered bar chart in ``box``, values labelled; returns the graphic frame holding it."""
    data = CategoryChartData(number_format='0"%"' if percent else "0")
    data.categories = categories
    for name, values in series:
        data.add_series(name, values)
    # python-pptx's annotations say add_chart returns the chart; it returns the graphic frame holding it
    frame: Any = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box.emu(), cast(Any, data))
    chart = frame.chart
    chart.font.size = to_emu(12)
    chart.has_title = True
    chart.chart_title.text_frame.text = title
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = to_emu(14)
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = to_emu(12)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = -10
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = '0"%"' if percent else "0"
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = to_emu(11)
    for n, s in enumerate(plot.series):
        s.format.fill.solid()
        s.format.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1 if n == 0 else MSO_THEME_COLOR.ACCENT_2
        s.invert_if_negative = False
    axis = chart.value_axis
    peak = max((v for _, values in series for v in values), default=0.0)
    axis.minimum_scale = 0
    if percent:
        axis.maximum_scale = min(100.0, max(10.0, (int(peak // 10) + 2) * 10.0))
    else:
        axis.maximum_scale = max(5.0, float(int(peak * 1.2) + 1))
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor(0xD9, 0xD9, 0xD9)
    axis.format.line.fill.background()
    axis.tick_labels.font.size = to_emu(11)
    axis.tick_labels.number_format = '0"%"' if percent else "0"
    axis.tick_labels.number_format_is_linked = False
    cat = chart.category_axis
    cat.tick_labels.font.size = to_emu(12)
    cat.has_major_gridlines = False
    return frame
