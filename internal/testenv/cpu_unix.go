//go:build unix

package testenv

import (
	"syscall"
	"time"
)

// CPUTime returns the processor time of the process (user and system), so
// that benchmarks on a busy shared machine can report throughput per CPU
// second as well as per wall second. It is 0 when it cannot be read.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
