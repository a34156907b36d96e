"""The address of the client that sent a request, seen through trusted proxies only.

Behind a TLS proxy every request comes from the proxy's address; the client's own is
in ``X-Forwarded-For``, which anybody can also send. GER reads that header only when
the peer is one of ``GER_TRUSTED_PROXIES``, and then takes the nearest address that
is not a trusted proxy itself, so a client cannot choose its own address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _is_trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(request: HttpRequest) -> str:
    """Return the client's address: the peer's, or the one a trusted proxy reports."""
    peer = str(request.META.get("REMOTE_ADDR") or "")
    proxies: Sequence[Network] = settings.GER_TRUSTED_PROXIES
    if not proxies or not _is_trusted(peer, proxies):
        return peer
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, proxies):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                # A proxy we trust passed on something that is no address: the
                # client wrote it; the last trusted hop is all we know.
                return peer
    return peer
