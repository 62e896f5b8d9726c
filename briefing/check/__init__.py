"""Checking: a loaded briefing → a ResolvedBriefing whose references hold.

references (resolve(): ids indexed, references checked) → derive (derived facts computed)
→ charts (what charts ask of their datasets) → prose (the one prose parser, and the link
policy) → sourcing (no figure typed by hand in our own texts). resolved holds what comes
out: FactView and ResolvedBriefing.
"""
