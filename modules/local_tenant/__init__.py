"""A local, Graph v1.0-compatible Microsoft 365 tenant served over loopback HTTP."""
