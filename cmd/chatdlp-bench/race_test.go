//go:build race

package main

// Under the race detector the soak's RSS bound is wider: see soakRSSLimit.
func init() { soakRSSLimit, soakRSSShare = 192<<10, 0.60 }
