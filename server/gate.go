package server

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"
	"time"
)

// gate lets at most n requests of one class run at once and at most queue
// more wait for their turn, each for at most wait: a semaphore with a
// bounded queue. Waiting requests get their turn in the order they came
// (Go queues blocked senders of a channel in order).
type gate struct {
	class   string
	slots   chan struct{}
	waiting atomic.Int64
	queue   int64
	wait    time.Duration
}

func newGate(class string, n, queue int, wait time.Duration) *gate {
	return &gate{class: class, slots: make(chan struct{}, n), queue: int64(queue), wait: wait}
}

// busyError refuses a request whose class is full: answered 503 with
// Retry-After.
type busyError struct {
	class      string
	retryAfter int // seconds
}

func (e *busyError) Error() string {
	return fmt.Sprintf("server busy: too many %s at once; retry in %d s", e.class, e.retryAfter)
}

// enter waits for a turn and returns the function that gives it back. It
// fails with a *busyError when the queue is full or the wait too long, or
// with ctx's error.
func (g *gate) enter(ctx context.Context) (leave func(), err error) {
	leave = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return leave, nil
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return nil, g.busy()
	}
	defer g.waiting.Add(-1)
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return leave, nil
	case <-t.C:
		return nil, g.busy()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// busy returns the refusal, with a Retry-After of about the time the queue
// takes to move on, at least a second.
func (g *gate) busy() error {
	return &busyError{class: g.class, retryAfter: int(max(1, math.Ceil(g.wait.Seconds()/4)))}
}
