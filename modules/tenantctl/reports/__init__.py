"""Licence optimisation and adoption reports from Graph's directory and usage reports."""
