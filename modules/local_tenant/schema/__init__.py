"""The Graph v1.0 schema (OData CSDL) the local tenant checks requests against.

`model` holds the schema's parts, `csdl` parses the metadata into a `GraphSchema`, `paths`
resolves a URL path to the type it addresses, `check` walks a JSON value against a type, and
`source` finds the metadata file and parses it once per process.
"""
