"""Topics as pages: briefings/topics/<topic-slug>/ lists the briefings of one topic, newest
first, with bottom line, status and edition; briefings/topics/ lists the topics. Topic chips
on briefing pages and cards link there (templates call `topic_slug`)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from jinja2 import Environment

from ..check.resolved import ResolvedBriefing
from .markdown import front_matter
from .renderer import Renderer

TOPICS_DIR = "topics"  # under the generated folder
SLUG_LIMIT = 60  # a folder name; file systems refuse more than 255 bytes


def topic_slug(topic: str) -> str:
    """A topic's address: lower case ASCII words joined by hyphens ("Trade & tariffs" →
    "trade-tariffs"). Topics differing only in case or punctuation share one page."""
    text = unicodedata.normalize("NFKD", topic).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not slug or len(slug) > SLUG_LIMIT:  # no letters to keep, or too long for a folder
        digest = hashlib.sha256(topic.encode()).hexdigest()[:8]
        slug = f"{slug[:SLUG_LIMIT - 9].rstrip('-')}-{digest}".lstrip("-")
    return slug


def topic_pages(env: Environment, ordered: list[ResolvedBriefing]) -> list[tuple[str, bytes]]:
    """(path under the generated folder, Markdown) for each topic and the topic list.
    `ordered`: the briefings newest first."""
    groups: dict[str, tuple[str, list[ResolvedBriefing]]] = {}
    for rb in ordered:
        for topic in dict.fromkeys(topic_slug(t) for t in rb.briefing.topics):
            name = next(t for t in rb.briefing.topics if topic_slug(t) == topic)
            groups.setdefault(topic, (name, []))[1].append(rb)
    out = []
    template = env.get_template("topic.md.j2")
    for slug, (name, items) in sorted(groups.items()):
        text = template.render(topic=name, slug=slug, briefings=items, Renderer=Renderer,
                               base="../../")
        front = front_matter(title=name[:1].upper() + name[1:],
                             description=f"Briefings on {name}, latest edition "
                             "first.", hide=["navigation"])
        out.append((f"{TOPICS_DIR}/{slug}/index.md", (front + text).encode()))
    listing = env.get_template("topics.md.j2").render(
        topics=[(slug, name, len(items)) for slug, (name, items) in
                sorted(groups.items(), key=lambda kv: kv[1][0].lower())])
    front = front_matter(title="Topics", description="Every topic of the briefings, each "
                         "with its own page.", hide=["navigation"])
    out.append((f"{TOPICS_DIR}/index.md", (front + listing).encode()))
    return out
