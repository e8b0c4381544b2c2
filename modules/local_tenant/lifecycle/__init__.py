"""The group lifecycle (expiration) policy of the local tenant."""
