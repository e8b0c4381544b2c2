"""The policies workload of the local tenant."""
