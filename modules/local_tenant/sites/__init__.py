"""The sites workload of the local tenant."""
