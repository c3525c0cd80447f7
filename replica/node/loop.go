package node

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"
)

// Start runs the node's loop (and, on a delegated subnet, the fetching of
// the root subnet's delegation) until Close.
func (n *Node) Start(ctx context.Context) {
	go n.loop(ctx)
	if n.cfg.Delegation != nil {
		go n.fetchDelegation(ctx)
	}
}

// Close stops the loop, writes a checkpoint and releases the node's files.
func (n *Node) Close() error {
	var err error
	n.once.Do(func() {
		close(n.stop)
		<-n.stopped
		err = n.exec.writeCheckpoint(filepath.Join(n.cfg.Dir, checkpointFile))
		if err == nil {
			err = n.blog.reset()
		}
		if cerr := n.blog.close(); err == nil {
			err = cerr
		}
		n.exec.table.Close()
	})
	return err
}

// loop is the goroutine that owns consensus and execution.
func (n *Node) loop(ctx context.Context) {
	defer close(n.stopped)
	tick := time.NewTicker(n.cfg.BlockInterval / 10)
	defer tick.Stop()
	lastCheckpoint := n.cfg.Now()
	for {
		select {
		case <-n.stop:
			return
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-n.pool.signal:
		}
		now := n.cfg.Now()
		batches := n.driver.tick(now, n.payload)
		if len(batches) == 0 {
			continue
		}
		for _, b := range batches {
			if err := n.blog.append(b); err != nil {
				// Without a durable log a crash could lose certified
				// updates: stop rather than go on.
				n.log.Error("batch log write failed; stopping", "err", err)
				return
			}
			n.pool.remove(n.exec.execute(ctx, b))
		}
		if err := n.certify(); err != nil {
			n.log.Error("certification failed", "height", n.exec.height, "err", err)
		}
		if now.Sub(lastCheckpoint) >= n.cfg.CheckpointInterval {
			lastCheckpoint = now
			if err := n.checkpoint(); err != nil {
				n.log.Error("checkpoint failed", "err", err)
			}
		}
	}
}

// payload makes the payload of a block this node proposes.
func (n *Node) payload(now time.Time) []byte {
	msgs := n.pool.take(uint64(now.UnixNano()), n.cfg.MaxBlockMessages, n.cfg.MaxBlockBytes)
	return appendPayload(nil, msgs)
}

// checkpoint saves the state and empties the batch log.
func (n *Node) checkpoint() error {
	if err := n.exec.writeCheckpoint(filepath.Join(n.cfg.Dir, checkpointFile)); err != nil {
		return err
	}
	return n.blog.reset()
}

// fetchDelegation obtains the root subnet's delegation, retrying until it
// succeeds, and renews it every hour.
func (n *Node) fetchDelegation(ctx context.Context) {
	backoff := 50 * time.Millisecond
	for attempt := 0; ; attempt++ {
		d, err := n.cfg.Delegation(ctx)
		wait := time.Hour
		if err != nil {
			// The root subnet certifies its first state within a block or
			// two of starting: only a delegation that keeps failing is news.
			level := slog.LevelDebug
			if attempt >= 20 {
				level = slog.LevelWarn
			}
			n.log.Log(ctx, level, "fetching the root delegation", "attempt", attempt, "err", err)
			wait, backoff = backoff, min(2*backoff, 5*time.Second)
		} else {
			n.delegation.Store(d)
			backoff = 50 * time.Millisecond
		}
		select {
		case <-time.After(wait):
		case <-n.stop:
			return
		case <-ctx.Done():
			return
		}
	}
}
