"""Typed readers of GER's configuration from the process environment.

Every reader raises ``ImproperlyConfigured`` naming the variable when its value cannot
be understood, so a typo in a deployment fails at start-up instead of at first use.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def read_text(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    """Return the variable as text, or ``default`` when it is unset."""
    source = os.environ if environ is None else environ
    return source.get(name, default)


def read_bool(
    name: str, default: bool, environ: Mapping[str, str] | None = None
) -> bool:
    """Return the variable as a boolean (1/0, true/false, yes/no, on/off)."""
    source = os.environ if environ is None else environ
    if name not in source:
        return default
    word = source[name].strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={source[name]!r} is not a boolean: use true or false."
    )


def read_int(
    name: str,
    default: int,
    environ: Mapping[str, str] | None = None,
    minimum: int | None = None,
) -> int:
    """Return the variable as an integer, not below ``minimum``."""
    source = os.environ if environ is None else environ
    if name not in source:
        return default
    try:
        value = int(source[name].strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={source[name]!r} is not a whole number."
        ) from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    return value


def read_choice(
    name: str,
    default: str,
    choices: Sequence[str],
    environ: Mapping[str, str] | None = None,
) -> str:
    """Return the variable as one of ``choices`` (exactly as written there)."""
    source = os.environ if environ is None else environ
    raw = source.get(name, "").strip()
    if not raw:
        return default
    if raw not in choices:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not one of {', '.join(choices)}."
        )
    return raw


def read_list(
    name: str, default: list[str], environ: Mapping[str, str] | None = None
) -> list[str]:
    """Return the variable as a comma-separated list of non-empty items."""
    source = os.environ if environ is None else environ
    if name not in source:
        return list(default)
    return [item.strip() for item in source[name].split(",") if item.strip()]


def read_path(
    name: str, default: Path, environ: Mapping[str, str] | None = None
) -> Path:
    """Return the variable as an absolute path."""
    source = os.environ if environ is None else environ
    raw = source.get(name, "").strip()
    return Path(raw).expanduser().resolve() if raw else default


def read_url(
    name: str,
    schemes: tuple[str, ...],
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """Return the variable as a URL with one of ``schemes``, or None when unset."""
    source = os.environ if environ is None else environ
    raw = source.get(name, "").strip()
    if not raw:
        return None
    scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
    if scheme not in schemes:
        allowed = ", ".join(f"{s}://" for s in schemes)
        raise ImproperlyConfigured(f"{name} must start with one of {allowed}.")
    return raw


def read_secret(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """Return a secret from ``NAME`` or from the file named by ``NAME_FILE``."""
    source = os.environ if environ is None else environ
    if source.get(name):
        return source[name]
    file_name = source.get(f"{name}_FILE", "").strip()
    if not file_name:
        return None
    try:
        return Path(file_name).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ImproperlyConfigured(
            f"{name}_FILE={file_name!r} cannot be read: {error.strerror}."
        ) from None


def read_networks(
    name: str, environ: Mapping[str, str] | None = None
) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Return the variable as a comma-separated list of addresses or networks."""
    networks = []
    for item in read_list(name, [], environ):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or network "
                "(e.g. 10.0.0.5 or 10.0.0.0/24)."
            ) from None
    return networks


MEDIA_STORAGE_OPTIONS = {"endpoint": "endpoint_url", "region": "region_name"}


def read_media_storage(
    name: str, location: Path, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Return the storage of uploaded files: local files, or an S3-compatible bucket.

    Unset: files under ``location``. ``s3://BUCKET[/PREFIX][?endpoint=URL&region=R]``:
    that bucket through django-storages (any S3-compatible store with ``endpoint``);
    the credentials come from ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``.
    """
    source = os.environ if environ is None else environ
    raw = source.get(name, "").strip()
    if not raw:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        }
    parts = urlsplit(raw)
    if parts.scheme != "s3" or not parts.netloc:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a storage address: use s3://BUCKET or "
            "s3://BUCKET/PREFIX?endpoint=https://HOST (unset: local files)."
        )
    options: dict[str, Any] = {
        "bucket_name": parts.netloc,
        "location": parts.path.strip("/"),
        # Files are named by their content: an existing name already holds them.
        "file_overwrite": False,
    }
    for key, values in parse_qs(parts.query, keep_blank_values=True).items():
        if key not in MEDIA_STORAGE_OPTIONS:
            known = ", ".join(sorted(MEDIA_STORAGE_OPTIONS))
            raise ImproperlyConfigured(
                f"{name}: unknown option {key!r} (known: {known})."
            )
        value = values[-1].strip()
        if key == "endpoint" and urlsplit(value).scheme not in ("http", "https"):
            raise ImproperlyConfigured(
                f"{name}: endpoint={value!r} must start with http:// or https://."
            )
        options[MEDIA_STORAGE_OPTIONS[key]] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
