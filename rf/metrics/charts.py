"""The weekly trend as inline SVG geometry (drawn by ``metrics/_trend_chart.html``): it
prints, needs no script, and is also given as a table for screen readers."""
import math
from datetime import date

WIDTH, HEIGHT = 720, 230
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 42
SERIES = (("claim", "Median time to claim"), ("action", "Median time to first action"))


MAX_TICKS = 5


def axis(value):
    """``(top, step)`` of a minutes axis reaching ``value``: the smallest step of 1, 2 or 5 ×
    a power of ten that needs at most ``MAX_TICKS`` steps (22 → 25 in steps of 5)."""
    if value <= 0:
        return 1, 0.25
    power = 10 ** (math.floor(math.log10(value)) - 1)
    step = next(s for s in (m * power * 10 ** k for k in range(3) for m in (1, 2, 5))
                if math.ceil(value / s) <= MAX_TICKS)
    return round(math.ceil(value / step) * step, 6), round(step, 6)


def trend_chart(weeks):
    """Bars of the median minutes to claim and to first action per week; None when empty."""
    medians = [(week, [getattr(week, measure).median for measure, _ in SERIES]) for week in weeks]
    values = [v / 60 for _, pair in medians for v in pair if v is not None]
    if not values:
        return None
    top, step = axis(max(values))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / len(weeks)
    bar = min(28, slot * 0.36)
    groups = []
    for index, (week, pair) in enumerate(medians):
        x = LEFT + index * slot + (slot - 2 * bar - 4) / 2
        bars = []
        for offset, ((measure, label), seconds) in enumerate(zip(SERIES, pair, strict=True)):
            if seconds is None:
                continue
            height = max(1, seconds / 60 / top * plot_height)
            bars.append({"measure": measure, "x": round(x + offset * (bar + 4), 1),
                         "y": round(TOP + plot_height - height, 1), "width": round(bar, 1),
                         "height": round(height, 1), "seconds": seconds, "label": label})
        groups.append({"week": week, "bars": bars, "center": round(LEFT + index * slot + slot / 2, 1)})
    steps = round(top / step)
    ticks = [{"value": round(step * i, 6), "y": round(TOP + plot_height - plot_height * i / steps, 1)}
             for i in range(steps + 1)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "baseline": TOP + plot_height,
            "groups": groups, "ticks": ticks, "series": SERIES, "label_y": HEIGHT - BOTTOM + 16}


def week_label(monday):
    """'2026-11-23' as '23 Nov' (a template filter)."""
    return date.fromisoformat(monday).strftime("%d %b").lstrip("0")
