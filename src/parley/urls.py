"""URLs in messages: a `user:password@` part is never shown."""

from urllib.parse import urlsplit, urlunsplit


def shown_url(url: str) -> str:
    """`url` without any `user:password@` part, for messages."""
    try:
        parts = urlsplit(url)
        if parts.username is None and parts.password is None:
            return url
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port is not None else host
        return urlunsplit(parts._replace(netloc=f"...@{netloc}"))
    except ValueError:
        return "<a malformed URL>"


def scrubbed(text: str, url: str) -> str:
    """`text` (an error message that may quote `url`) with the URL's user and password replaced by `...`."""
    try:
        parts = urlsplit(url)
        secrets = [value for value in (parts.password, parts.username) if value]
    except ValueError:
        secrets = []
    for secret in secrets:
        text = text.replace(secret, "...")
    return text
