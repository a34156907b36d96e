"""Charts drawn as SVG from plain data: the same code serves the web and the document."""
