"""One module per Graph resource kind, each defining its `SPEC`."""
