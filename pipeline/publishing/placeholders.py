"""Settings that are not the host's own yet: what `produce init` wrote, and addresses that
only work on this machine or point at the documentation domain example.com.

A show straight from `init` builds and previews fine, and nothing else would notice that
its feed names "Your Name" as author and a laptop's 127.0.0.1 as the place to download
from. Apple and YouTube reject or mis-verify such a feed, and a host who later copies
`public/` to a web server ships one. So `produce validate` and the release check here:

- the values `init` writes (author, owner email, title, website) are errors everywhere;
- loopback and reserved-domain addresses (example.com, .test, .invalid, .localhost) are
  errors when the storage is public (S3, or a folder served at a public address), and one
  warning for the local preview, where they are expected.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..show.config import Show
from .storage import DEFAULT_LOCAL_URL

INIT_VALUES = {"author": "Your Name", "email": "you@example.com", "title": "My Show",
               "website": "https://example.com"}
RESERVED_DOMAINS = ("example.com", "example.org", "example.net")
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")


def _is_loopback(host: str) -> bool:
    if host in ("localhost", "") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified or address.is_private or address.is_link_local


def _is_reserved(host: str) -> bool:
    return host in RESERVED_DOMAINS or host.endswith(tuple("." + d for d in RESERVED_DOMAINS) + RESERVED_SUFFIXES)


def local_host(url_or_email: str) -> str:
    """'loopback', 'example' or '' for an address listeners could reach."""
    value = url_or_email.strip()
    host = value.rpartition("@")[2] if "://" not in value and "@" in value else (urlsplit(value).hostname or "")
    host = host.lower().rstrip(".")
    if "://" in value and _is_loopback(host):
        return "loopback"
    return "example" if _is_reserved(host) else ""


def public_base_url(show: Show) -> str:
    """Where listeners download from: the setting, else what storage falls back to (the S3
    endpoint itself, AWS's own bucket address, or the local preview server)."""
    settings = show.publish
    if settings.public_base_url:
        return settings.public_base_url
    if settings.storage.startswith("s3://"):
        return settings.endpoint_url or "https://s3.amazonaws.com/"
    return DEFAULT_LOCAL_URL


def is_local_preview(show: Show) -> bool:
    """A folder served from this machine only: the feed is for the host's own podcast app."""
    return not show.publish.storage.startswith("s3://") and local_host(public_base_url(show)) == "loopback"


def _addresses(show: Show) -> dict[str, str]:
    """Every show.toml key whose value listeners' apps would follow, with its value."""
    found = {"website": show.website, "email": show.email, "publish.public_base_url": public_base_url(show)}
    for name in ("apple", "spotify", "youtube", "newsletter", "donate"):
        found[f"links.{name}"] = getattr(show.links, name)
    for i, person in enumerate(show.person):
        found[f"person[{i}].href"], found[f"person[{i}].img"] = person.href, person.img
    return {key: value for key, value in found.items() if value}


@dataclass(frozen=True)
class Readiness:
    """What stands between this show and a public feed: `errors` block a release to public
    storage (and fail `produce validate`); `warnings` are for the local preview."""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_show(show: Show) -> Readiness:
    """Placeholders and local addresses in show.toml, each naming the key to change."""
    errors = [f"show.toml: `{key}` is still {value!r}, the value `produce init` wrote; set the show's own"
              for key, value in INIT_VALUES.items() if getattr(show, key).rstrip("/") == value.rstrip("/")]
    placeholder_keys = {key for key, value in INIT_VALUES.items() if getattr(show, key).rstrip("/") == value}
    local = {key: value for key, value in _addresses(show).items()
             if key not in placeholder_keys and local_host(value)}
    if not local:
        return Readiness(errors)
    if is_local_preview(show):
        named = ", ".join(f"`{key}`" for key in local)
        verb = "points" if len(local) == 1 else "point"
        return Readiness(errors, [f"local preview: show.toml's {named} {verb} at this machine or at example.com; "
                                  "set real addresses before the feed goes anywhere public"])
    for key, value in local.items():
        where = ("on this machine or its local network" if local_host(value) == "loopback"
                 else "on a domain reserved for examples")
        errors.append(f"show.toml: `{key}` is {value!r}, which is {where}; listeners cannot reach it. "
                      "Set the show's public address")
    return Readiness(errors)
