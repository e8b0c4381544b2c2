"""Access reviews of the local tenant (identity governance)."""
