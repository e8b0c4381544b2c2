"""A Pulumi stack of the project: its configuration keys, its description (Python over YAML
data, found in the project) and the Teams templates it renders."""
