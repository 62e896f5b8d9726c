"""Reading: briefing folders → validated records with positions, and their tables.

files (find and read the files) → yaml (text → plain data and a SourceMap) → records
(pydantic: a Briefing, or positioned problems and a partial one) → tables (CSV and inline
rows) → briefing (one folder → LoadedBriefing; load_all). Nothing after this package sees
the YAML tree: positions are asked of the SourceMap.
"""
