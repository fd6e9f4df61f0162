"""The weekly trend as inline SVG geometry (drawn by ``metrics/_trend_chart.html``): it
prints, needs no script, and is also given as a table for screen readers."""
import math

WIDTH, HEIGHT = 720, 230
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 42
SERIES = (("claim", "Median time to claim"), ("action", "Median time to first action"))


def nice_ceiling(value):
    """1, 2, 5 × a power of ten at or above ``value``."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def trend_chart(weeks):
    """Bars of the median minutes to claim and to first action per week; None when empty."""
    medians = [(week, [getattr(week, measure).median for measure, _ in SERIES]) for week in weeks]
    values = [v / 60 for _, pair in medians for v in pair if v is not None]
    if not values:
        return None
    top = nice_ceiling(max(values))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / len(weeks)
    bar = min(28, slot * 0.36)
    groups = []
    for index, (week, pair) in enumerate(medians):
        x = LEFT + index * slot + (slot - 2 * bar - 4) / 2
        bars = []
        for offset, ((measure, label), seconds) in enumerate(zip(SERIES, pair)):
            if seconds is None:
                continue
            height = max(1, seconds / 60 / top * plot_height)
            bars.append({"measure": measure, "x": round(x + offset * (bar + 4), 1), "y": round(TOP + plot_height - height, 1),
                         "width": round(bar, 1), "height": round(height, 1), "seconds": seconds, "label": label})
        groups.append({"week": week, "bars": bars, "center": round(LEFT + index * slot + slot / 2, 1)})
    ticks = [{"value": top * i / 4, "y": round(TOP + plot_height - plot_height * i / 4, 1)} for i in range(5)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "baseline": TOP + plot_height,
            "groups": groups, "ticks": ticks, "series": SERIES, "label_y": HEIGHT - BOTTOM + 16}
