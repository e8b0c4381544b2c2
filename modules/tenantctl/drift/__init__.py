"""`tenantctl drift STACK`: compare what a stack's state declares with the live tenant, in bulk."""
