"""Deterministic synthetic tenants at the sizes of a merged city and metropolis, and beyond.

`build(size, seed)` gives a validated tenant description; `write_stack` writes it as a
stack folder, `write_seed` the local tenant's users as JSONL, and `load_seed` puts that
file straight into a local tenant's data directory.
"""

from tenantctl.generate.description import build
from tenantctl.generate.seed import load_seed, seed_users, write_seed
from tenantctl.generate.sizes import SIZES, Size
from tenantctl.generate.stack import write_stack

__all__ = ["SIZES", "Size", "build", "load_seed", "seed_users", "write_seed", "write_stack"]
