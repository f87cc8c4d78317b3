"""Charts everyone can read: a colour-blind-safe palette for every Altair chart of the dashboard, and each chart
with its figures as a table (a text alternative for screen readers and for anyone who cannot tell the colours).

`use_accessible_charts()` (streamlit_app.py calls it once per run) makes Okabe–Ito the colours of categories and
viridis the colours of amounts; a page then leaves colours out of its charts, or picks them from OKABE_ITO.
"""

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.i18n import t

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SEQUENTIAL = "viridis"  # amounts: lightness grows with the value, readable in colour-blind vision and in grey


def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig(config={"range": {"category": list(OKABE_ITO), "ramp": {"scheme": SEQUENTIAL},
                                                   "heatmap": {"scheme": SEQUENTIAL}},
                                         "axis": {"labelLimit": 320}})  # names of action lines and SDGs in full


def use_accessible_charts() -> None:
    if "wsis_accessible" not in alt.theme.names():
        alt.theme.register("wsis_accessible", enable=False)(_theme)
    alt.theme.enable("wsis_accessible")


def chart_with_table(chart: alt.TopLevelMixin, table: pd.DataFrame, title: str) -> None:
    """The chart (described for screen readers by its title), then its figures in a table under it."""
    st.altair_chart(chart.properties(description=title))
    with st.expander(t("{title}: the figures as a table", title=title)):
        st.dataframe(table, hide_index=True)
