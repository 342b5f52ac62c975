//go:build !unix

package raster

import "time"

// cpuTime is not measured here.
func cpuTime() time.Duration { return 0 }
