"""The teams workload of the local tenant."""
