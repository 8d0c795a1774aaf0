"""The notebook side of :func:`caasnb.whatif.sweep`: a progress bar and a plotly figure of the rows.

The core sweep only calls ``progress(done, total)``; :func:`progress_bar` answers with
tqdm's ``tqdm.auto`` bar (a widget in Jupyter, text in a terminal), which is why it lives
here and not in the core. :func:`sweep_figure` draws tidy rows: every trial a dot, the mean
per x value a line, one colour per group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import plotly.graph_objects as go


def progress_bar(desc: str = "trials") -> Callable[[int, int], None]:
    """A ``progress(done, total)`` callback drawing a tqdm bar (created on the first call)."""
    from tqdm.auto import tqdm

    bar = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=desc)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def sweep_figure(
    rows: Sequence[dict], x: str, y: str, group: str | None = None, title: str = "", log_y: bool = False
) -> go.Figure:
    """Every row as a dot at (row[x], row[y]) and a line through the mean per x, one trace per ``group`` value."""
    figure = go.Figure()
    groups = list(dict.fromkeys(row[group] for row in rows)) if group else [None]
    for value in groups:
        members = [row for row in rows if group is None or row[group] == value]
        name = f"{group}={value}" if group else y
        xs = list(dict.fromkeys(row[x] for row in members))
        means = []
        for at in xs:
            ys = [row[y] for row in members if row[x] == at and row[y] is not None]
            means.append(sum(ys) / len(ys) if ys else None)
        figure.add_scatter(x=xs, y=means, mode="lines", name=name, legendgroup=name)
        figure.add_scatter(
            x=[row[x] for row in members],
            y=[row[y] for row in members],
            mode="markers",
            marker={"size": 5, "opacity": 0.5},
            name=name,
            legendgroup=name,
            showlegend=False,
        )
    figure.update_layout(title=title, xaxis_title=x, yaxis_title=y, height=360, margin={"t": 40, "b": 40})
    if log_y:
        figure.update_yaxes(type="log")
    return figure
