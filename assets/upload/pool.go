package upload

import (
	"context"
	"sync"
	"sync/atomic"
)

// forEach runs fn(0) ... fn(n-1) on at most workers goroutines and returns
// the first error (by time). After an error, or when ctx is done, no
// further fn starts; forEach returns when the running ones have.
func forEach(ctx context.Context, workers, n int, fn func(ctx context.Context, i int) error) error {
	if workers < 1 {
		workers = 1
	}
	workers = min(workers, n)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := fn(ctx, i); err != nil {
					cancel(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}
