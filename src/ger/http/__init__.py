"""The web's shared floor: content negotiation, conditional GET, response caches,
rate limits and the front cache, used by the pages, the API and the workspace alike.

It imports from no app above it (the import contracts of ``pyproject.toml``)."""
