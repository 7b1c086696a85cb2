"""The impact measures as a small chart: before and after for each measure, every bar labelled with its figure."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()

LABEL_WIDTH = 230
BAR_SPACE = 300
ROW_HEIGHT = 44
BAR_HEIGHT = 14


def _number(value) -> float:
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return 0.0


def _value(row, name):
    return row[name] if isinstance(row, dict) else getattr(row, name)


@register.inclusion_tag("reports/_impact_chart.html")
def impact_chart(rows, chart_id="impact-chart"):
    rows = list(rows)
    values = [_number(_value(row, name)) for row in rows for name in ("baseline_value", "followup_value")]
    top = max([100.0, *values]) if values else 100.0
    bars = []
    for index, row in enumerate(rows):
        y = index * ROW_HEIGHT
        before, after = _number(_value(row, "baseline_value")), _number(_value(row, "followup_value"))
        bars.append(
            {
                "label": f"{_value(row, 'measure')}: {_value(row, 'group')}",
                "y": y,
                "text_y": y + 18,
                "before_y": y + 4,
                "after_y": y + 4 + BAR_HEIGHT + 2,
                "before_width": round(before / top * BAR_SPACE, 1),
                "after_width": round(after / top * BAR_SPACE, 1),
                "before_text": f"{_value(row, 'baseline_year')}: {before:.1f}",
                "after_text": f"{_value(row, 'followup_year')}: {after:.1f}",
                "before_text_x": LABEL_WIDTH + round(before / top * BAR_SPACE, 1) + 4,
                "after_text_x": LABEL_WIDTH + round(after / top * BAR_SPACE, 1) + 4,
                "before_text_y": y + 4 + BAR_HEIGHT - 3,
                "after_text_y": y + 4 + 2 * BAR_HEIGHT - 1,
            }
        )
    return {
        "bars": bars,
        "chart_id": chart_id,
        "height": len(rows) * ROW_HEIGHT + 24,
        "legend_y": len(rows) * ROW_HEIGHT + 12,
        "label_width": LABEL_WIDTH,
        "width": LABEL_WIDTH + BAR_SPACE + 110,
        "bar_height": BAR_HEIGHT,
    }
