"""What Microsoft 365 says: documented facts the toolkit must respect, each written once.

A leaf package: it imports nothing else of tenantctl, so the model, the resources, governance,
preview, export, drift and the local tenant can all import it. `limits` holds Graph's and
Microsoft 365's documented limits (docs/limits.md lists each with its page, where the local
tenant enforces it, where validation checks it and the test at its boundary); `names` the
name rules; `sharing` the sharing levels, their order and their spellings;
`membership_rules` the user properties a dynamic rule may name.
"""
