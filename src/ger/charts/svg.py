"""Small helpers to write SVG text safely."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr


def text(value: object) -> str:
    """Return ``value`` escaped for SVG character data."""
    return escape(str(value))


def attribute(value: object) -> str:
    """Return ``value`` as a quoted, escaped SVG attribute value."""
    return quoteattr(str(value))


def document(
    width: float,
    height: float,
    title: str,
    description: str,
    body: list[str],
    css_class: str = "chart",
) -> str:
    """Return an accessible SVG document (role img, title and desc first)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class={attribute(css_class)} '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" '
        f'role="img" aria-labelledby="chart-title chart-desc">'
        f'<title id="chart-title">{text(title)}</title>'
        f'<desc id="chart-desc">{text(description)}</desc>' + "".join(body) + "</svg>"
    )
