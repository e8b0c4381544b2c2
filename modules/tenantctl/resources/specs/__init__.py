"""One module per Graph resource kind, each declaring its Args, its `SPEC` and its Pulumi
class (the registry finds them); the modules without a `SPEC` are helpers the kinds share."""
