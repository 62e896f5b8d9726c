"""Briefing-site generator: sourced facts and claims as data → Markdown → MkDocs site.

The stages, in the order data flows through them:

    read      YAML and CSV → records, with a source map      (read/)
    model     typed records, validated                       (model.py)
    check     references checked, derived facts computed     (check/)
    charts    chart specs → SVG, Vega-Lite JSON, CSV, text    (charts/)
    pages     Jinja templates → Markdown into docs/           (pages/)
    write     staged docs/, mkdocs build, Pagefind, swap     (write/)

`pipeline.py` runs them in order; `cli.py` is the command line.
"""
