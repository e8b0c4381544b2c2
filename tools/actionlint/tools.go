//go:build tools

// Package tools pins the actionlint command the CI workflow checks run.
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
