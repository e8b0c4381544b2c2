//go:build tools

// Package engine pins the Pulumi CLI and the Python language host that tenantctl runs.
// Nothing here is compiled into tenantctl: scripts/setup-engine.sh builds these main
// packages with `go build` from this module so their versions come from go.mod/go.sum.
package engine

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
