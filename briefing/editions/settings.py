"""What editions need from mkdocs.yml: the site's name and address, the branch and remote."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


# moves to write/engine.py at the merge (the one module that imports mkdocs)
@dataclass(frozen=True)
class SiteSettings:
    """What editions need from mkdocs.yml; mike reads the same keys."""

    site_name: str = "Briefings"
    site_url: str = ""  # with a trailing slash, or "" when unset
    branch: str = "gh-pages"
    remote: str = "origin"
    default_alias: str = "latest"

    @classmethod
    def read(cls, config_file: Path) -> SiteSettings:
        from mkdocs.utils.yaml import yaml_load  # same loader as MkDocs: !ENV, INHERIT

        try:
            with open(config_file, "rb") as f:
                cfg = yaml_load(f) or {}
        except OSError:
            return cls()
        url = str(cfg.get("site_url") or "")
        if url and not url.endswith("/"):
            url += "/"
        version = (cfg.get("extra") or {}).get("version") or {}
        default = version.get("default") if isinstance(version, dict) else None
        return cls(
            site_name=str(cfg.get("site_name") or cls.site_name),
            site_url=url,
            branch=str(cfg.get("remote_branch") or cls.branch),
            remote=str(cfg.get("remote_name") or cls.remote),
            default_alias=default if isinstance(default, str) and default else "latest",
        )
