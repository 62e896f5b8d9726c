"""Briefing-site generator: sourced facts and claims as data → Markdown → MkDocs site.

The stages, in the order data flows through them:

    load      YAML and CSV → raw records with positions     (load.py)
    model     typed records, validated                       (model.py)
    resolve   references checked, derived facts computed     (resolve.py)
    charts    chart specs → SVG, Vega-Lite JSON, CSV, text    (charts/)
    pages     Jinja templates → Markdown into docs/           (pages.py)
    write     staged docs/, mkdocs build, Pagefind, swap     (write/)

`pipeline.py` runs them in order; `cli.py` is the command line.
"""
