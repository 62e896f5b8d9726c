"""Editions: a snapshot per edition, what changed since the previous one, publishing with mike.

An edition is the whole site as of one date. mike freezes it on the gh-pages branch
under `<date>/` and copies the newest to `latest/`. Each edition carries its data
(`briefings/facts.json`, written by pages/) and a record of what changed since the
edition before it (`briefings/changes.json`, written here).

    history.py   the gh-pages branch read back: past editions, the previous snapshot
    diff.py      two snapshots compared: Change, ChangeSet
    pages.py     change blocks, What's new, the archive, the Atom feed, changes.json
    publish.py   refuse early what cannot be published, then commit with mike (its only caller)
    preview.py   gh-pages exported and served as GitHub Pages would
    settings.py  what editions read from mkdocs.yml
    errors.py    EditionError (refused, nothing written), DeployError (failed after the build)

Nothing here takes a date from the clock: every date shown comes from an edition.
"""
