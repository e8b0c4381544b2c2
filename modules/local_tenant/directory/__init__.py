"""The directory workload of the local tenant."""
