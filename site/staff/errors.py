"""What stops a staff request before its handler runs: not signed in, a bad form token."""
from __future__ import annotations


class NeedLogin(Exception):
    def __init__(self, expired: bool = False, message: str = ""):
        super().__init__(message)
        self.expired = expired
        self.message = message


class CsrfFailed(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
