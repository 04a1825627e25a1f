package server

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/whosaid/whosaid/store"
)

// outletCache maps an outlet as a person types it ("north gazette") to the
// outlet as the store spells it ("North Gazette"), so that the outlet
// filter ignores case and surrounding spaces. The store matches outlets
// exactly; the cache holds the outlets [store.Store.Stats] lists (the 100
// with the most statements), read again after outletTTL, or after
// outletRetry when a value matches none of them (the store may have been
// written meanwhile).
type outletCache struct {
	mu    sync.Mutex
	names []string // most statements first
	at    time.Time
}

const (
	outletTTL   = time.Minute
	outletRetry = 5 * time.Second
)

// resolve returns the stored spelling of the outlet v: v itself when it is
// stored so, else the stored outlet equal to it but for case and
// surrounding spaces (the one with the most statements, if several), else
// v unchanged (it matches nothing, or an outlet beyond the 100 listed).
func (c *outletCache) resolve(ctx context.Context, st *store.Store, v string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.at) > outletTTL {
		if err := c.load(ctx, st); err != nil {
			return "", err
		}
	}
	if name, ok := c.find(v); ok {
		return name, nil
	}
	if time.Since(c.at) > outletRetry {
		if err := c.load(ctx, st); err != nil {
			return "", err
		}
		if name, ok := c.find(v); ok {
			return name, nil
		}
	}
	return v, nil
}

func (c *outletCache) load(ctx context.Context, st *store.Store) error {
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	c.names = c.names[:0]
	for _, o := range stats.Outlets {
		c.names = append(c.names, o.Value)
	}
	c.at = time.Now()
	return nil
}

func (c *outletCache) find(v string) (string, bool) {
	for _, n := range c.names {
		if n == v {
			return n, true
		}
	}
	t := strings.TrimSpace(v)
	for _, n := range c.names {
		if strings.EqualFold(strings.TrimSpace(n), t) {
			return n, true
		}
	}
	return "", false
}
