"""Coordination analyses: coverage, partnerships, schedule, risk, site proximity.

The core modules compute from plain data (``ger.analysis.model``) and never touch
the database; ``adapters`` builds that data from the live plan or an edition, and
``services`` runs each analysis in one call for the web, the API and the CLI.
"""
