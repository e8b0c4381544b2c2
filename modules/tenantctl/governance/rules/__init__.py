"""The governance rules, one module per concern; `catalogue.RULES` lists them all."""
