"""Regional WSIS stocktaking reports: `figures` computes them from the index (the dashboard page and
`wsis report` both call `build_report`), `export` renders them as PDF, XLSX, CSV or Markdown, `world` holds the
country shapes their maps are drawn with."""
