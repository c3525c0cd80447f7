//go:build wasip1

// Command canister is the asset canister's System API binding; it builds
// only for GOOS=wasip1 (see main.go and assets/internal/buildwasm).
package main
