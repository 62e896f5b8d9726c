"""The two ways an editions request fails: refused before anything is written, or after."""

from __future__ import annotations

from ..errors import BuildError


class EditionError(Exception):
    """A request about editions that cannot be met as asked: the command line must change.

    Raised before anything is written, so the message can promise that gh-pages,
    docs/briefings/ and site/ were left as they were.
    """


class DeployError(BuildError):
    """mike or git failed after the build; the message says where gh-pages stands."""
