"""Overview charts as inline SVG, made at build time: no chart library, no request elsewhere.

Every chart is an <svg role="img"> with a <title> and a <desc> that states its figures, and is
followed by the table it was drawn from, so the numbers are there for screen readers, for
printing and for copying.
"""
from __future__ import annotations

from html import escape

BAR = "#3949ab"       # indigo, 7.6:1 against white: meets the 3:1 needed for graphics
TEXT = "#1a1a1a"
ROW = 26
LABEL_WIDTH = 300
BAR_WIDTH = 320


def _short(label: str, room: int = 44) -> str:
    """Labels longer than the label column are cut; the table and description keep them whole."""
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int]], unit: str) -> str:
    """Horizontal bars, one per row, longest first as given."""
    most = max((n for _, n in rows), default=0) or 1
    height = ROW * len(rows) + 10
    width = LABEL_WIDTH + BAR_WIDTH + 60
    desc = "; ".join(f"{label}: {n}" for label, n in rows)
    shapes = []
    for i, (label, n) in enumerate(rows):
        y = 5 + i * ROW
        length = round(BAR_WIDTH * n / most)
        shapes.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" fill="{TEXT}" font-size="13">{escape(_short(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="{ROW - 8}" fill="{BAR}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 17}" fill="{TEXT}" font-size="13">{n}</text>')
    svg = (f'<svg class="pb-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
           f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>'
           + "".join(shapes) + "</svg>")
    table = ('<table class="pb-chart-table"><caption>' + escape(title) + "</caption><thead><tr>"
             f'<th scope="col"></th><th scope="col">{escape(unit)}</th></tr></thead><tbody>'
             + "".join(f'<tr><th scope="row">{escape(label)}</th><td>{n}</td></tr>' for label, n in rows)
             + "</tbody></table>")
    return f'<figure class="pb-figure" id="{chart_id}">{svg}{table}</figure>'


def crosstab_chart(chart_id: str, title: str, row_labels: list[str], col_labels: list[str],
                   counts: list[list[int]]) -> str:
    """A grid of cells shaded by count, with the count written in each cell."""
    cell_w, cell_h, left, top = 92, 26, 300, 70
    most = max((n for row in counts for n in row), default=0) or 1
    width, height = left + cell_w * len(col_labels) + 10, top + cell_h * len(row_labels) + 10
    shapes = []
    for j, label in enumerate(col_labels):
        x = left + j * cell_w + cell_w / 2
        shapes.append(f'<text x="{x}" y="{top - 8}" text-anchor="middle" fill="{TEXT}" font-size="12">{escape(label)}</text>')
    for i, label in enumerate(row_labels):
        y = top + i * cell_h
        shapes.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" fill="{TEXT}" font-size="13">{escape(_short(label))}</text>')
        for j, n in enumerate(counts[i]):
            share = n / most
            # Light cells get dark text and dark cells white text, so every number stays readable.
            fill = f"rgba(57,73,171,{0.08 + 0.92 * share:.2f})" if n else "#f5f5f5"
            color = "#ffffff" if share > 0.5 else TEXT
            x = left + j * cell_w
            shapes.append(f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{fill}"/>'
                          f'<text x="{x + cell_w / 2}" y="{y + 17}" text-anchor="middle" fill="{color}" font-size="13">{n}</text>')
    desc = "; ".join(f"{r} × {c}: {counts[i][j]}" for i, r in enumerate(row_labels)
                     for j, c in enumerate(col_labels) if counts[i][j])
    svg = (f'<svg class="pb-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
           f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>'
           + "".join(shapes) + "</svg>")
    head = '<th scope="col"></th>' + "".join(f'<th scope="col">{escape(c)}</th>' for c in col_labels)
    body = "".join(f'<tr><th scope="row">{escape(r)}</th>' + "".join(f"<td>{n}</td>" for n in counts[i]) + "</tr>"
                   for i, r in enumerate(row_labels))
    table = f'<table class="pb-chart-table"><caption>{escape(title)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return f'<figure class="pb-figure" id="{chart_id}">{svg}{table}</figure>'
