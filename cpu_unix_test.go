//go:build unix

package whosaid

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time of the process (user and system), so that
// benchmarks on a busy shared machine can report throughput per CPU second
// as well as per wall second.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
