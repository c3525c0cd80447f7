// Package layering holds the test that keeps Threshold's import graph the
// one DESIGN.md draws: certify imports nothing of ours, the protocol cores
// stay free of I/O packages, and nothing imports cmd or deploy. It has no
// code of its own; the rules live in rules.go so that they read as a table.
package layering
