//go:build unix

package benchmark

import (
	"syscall"
	"time"
)

// CPUTime is the processor time this process has used (user and system, all
// threads, the garbage collector's included). Unlike the wall clock it
// hardly moves when other processes compete for the machine.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
