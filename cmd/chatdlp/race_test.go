//go:build race

package main

// raceBuild is true when the tests run with -race: TestMain then builds the
// binary with the race detector too, so that serve's reload and shutdown
// paths are checked for data races as the tests drive them.
func init() { raceBuild = true }
