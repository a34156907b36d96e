"""Public pages; each module is one page family, each page has a JSON twin."""
