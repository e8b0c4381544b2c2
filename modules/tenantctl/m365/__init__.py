"""What Microsoft 365 says: documented facts the toolkit must respect, each written once.

A leaf package: it imports nothing else of tenantctl, so the model, the resources, governance,
preview, export and drift can all import it.
"""
