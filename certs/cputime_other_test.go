//go:build !unix

package certs

import "time"

// processCPUTime is not measured on this platform; the cpu-ns/op metric reads 0.
func processCPUTime() time.Duration { return 0 }
