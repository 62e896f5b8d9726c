"""The last stage: pages onto disk, the site built by the engine and indexed, both swapped in.

    files.py    the one atomic write, the renameat2 exchange, swap_in, staging folders
    staging.py  pages into a staged docs folder, the build of the site, the swaps
    engine.py   the one door to the site engine (MkDocs): the only module that imports it
    search.py   Pagefind, run over the site the engine built
"""
