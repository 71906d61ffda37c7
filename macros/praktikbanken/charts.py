"""Overview charts: the figures and geometry of each chart; templates/charts.html draws them
as inline SVG with the table of the same figures."""
from __future__ import annotations

from dataclasses import dataclass, field

BAR = "#3949ab"       # indigo, 7.6:1 against white: meets the 3:1 needed for graphics
TEXT = "#1a1a1a"
ROW = 26
LABEL_WIDTH = 300
BAR_WIDTH = 320
CELL_W, CELL_H, GRID_LEFT, GRID_TOP = 92, 26, 300, 70


def _short(label: str, room: int = 44) -> str:
    """Labels longer than the label column are cut; the table and description keep them whole."""
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


@dataclass
class Chart:
    id: str
    width: int
    height: int
    desc: str
    bars: list[dict] = field(default_factory=list)
    columns: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    cell_w: int = CELL_W
    cell_h: int = CELL_H
    bar: str = BAR
    text: str = TEXT


def bar_chart(chart_id: str, rows: list[tuple[str, int]]) -> Chart:
    """Horizontal bars, one per row, in the order given."""
    most = max((n for _, n in rows), default=0) or 1
    chart = Chart(chart_id, LABEL_WIDTH + BAR_WIDTH + 60, ROW * len(rows) + 10,
                  "; ".join(f"{label}: {n}" for label, n in rows))
    for i, (label, n) in enumerate(rows):
        y = 5 + i * ROW
        length = round(BAR_WIDTH * n / most)
        chart.bars.append({"label": label, "short": _short(label), "n": n, "x": LABEL_WIDTH, "y": y + 4,
                           "length": length, "height": ROW - 8, "label_x": LABEL_WIDTH - 8, "text_y": y + 17,
                           "count_x": LABEL_WIDTH + length + 6})
    return chart


def crosstab_chart(chart_id: str, row_labels: list[str], col_labels: list[str], counts: list[list[int]]) -> Chart:
    """A grid of cells shaded by count, with the count written in each cell."""
    most = max((n for row in counts for n in row), default=0) or 1
    desc = "; ".join(f"{r} × {c}: {counts[i][j]}" for i, r in enumerate(row_labels)
                     for j, c in enumerate(col_labels) if counts[i][j])
    chart = Chart(chart_id, GRID_LEFT + CELL_W * len(col_labels) + 10, GRID_TOP + CELL_H * len(row_labels) + 10, desc)
    chart.columns = [{"label": label, "x": GRID_LEFT + j * CELL_W + CELL_W / 2, "y": GRID_TOP - 8}
                     for j, label in enumerate(col_labels)]
    for i, label in enumerate(row_labels):
        y = GRID_TOP + i * CELL_H
        cells = []
        for j, n in enumerate(counts[i]):
            share = n / most
            # Light cells get dark text and dark cells white text, so every number stays readable.
            cells.append({"n": n, "x": GRID_LEFT + j * CELL_W, "color": "#ffffff" if share > 0.5 else TEXT,
                          "fill": f"rgba(57,73,171,{0.08 + 0.92 * share:.2f})" if n else "#f5f5f5"})
        chart.rows.append({"label": label, "short": _short(label), "y": y, "label_x": GRID_LEFT - 8,
                           "text_y": y + 17, "cells": cells})
    return chart
