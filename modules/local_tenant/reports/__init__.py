"""The reports workload of the local tenant."""
