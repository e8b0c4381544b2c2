"""Administrative units and the directory roles that can be scoped to them."""
