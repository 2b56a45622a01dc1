"""What can stop a finding or recommendation being saved, besides a rule: a stale save, or
flags of the CLEAR checker the author has not answered."""

from __future__ import annotations

from .clear import Flag


class StaleSave(Exception):
    """Someone saved after the version this edit started from: nothing is saved."""

    def __init__(self, *, base_version: int, current_version: int):
        super().__init__("Someone else saved this while you were editing")
        self.base_version = base_version
        self.current_version = current_version


class FlagsToAnswer(Exception):
    """The CLEAR checker raised flags the author has given no reason for going past."""

    def __init__(self, flags: list[Flag]):
        super().__init__("; ".join(flag.reason for flag in flags))
        self.flags = list(flags)
