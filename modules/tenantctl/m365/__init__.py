"""What Microsoft 365 says: Graph's documented limits and naming rules, each written once.

A leaf package: it imports nothing of tenantctl, so the model, the Graph layer, drift, export,
reports and the local tenant can all take their facts from here. docs/limits.md lists every
limit with its page, where the local tenant enforces it, where validation checks it and the
test at its boundary.
"""
