package node

import (
	"sync"

	"github.com/threshold-ic/threshold/replica/api/envelope"
)

// pool is the ingress pool: authenticated update calls waiting for a
// block. HTTP handlers add to it; the loop takes from it when it makes a
// payload and removes what finalized blocks contain.
type pool struct {
	mu      sync.Mutex
	max     int // messages
	maxArg  int // total argument bytes
	argSize int
	order   []envelope.RequestID // arrival order
	msgs    map[envelope.RequestID]message
	signal  chan struct{} // non-blocking wake-up for the loop
}

func newPool(maxMessages, maxBytes int) *pool {
	return &pool{max: maxMessages, maxArg: maxBytes, msgs: make(map[envelope.RequestID]message),
		signal: make(chan struct{}, 1)}
}

// add puts m in the pool. It reports false when the pool is full. Adding a
// request id that is already there succeeds without a second copy.
func (p *pool) add(m message) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, dup := p.msgs[m.ID]; dup {
		return true
	}
	if len(p.msgs) >= p.max || p.argSize+len(m.Arg) > p.maxArg {
		return false
	}
	p.msgs[m.ID] = m
	p.order = append(p.order, m.ID)
	p.argSize += len(m.Arg)
	select {
	case p.signal <- struct{}{}:
	default:
	}
	return true
}

// take returns up to maxMsgs messages (at most maxBytes of arguments) in
// arrival order for a block payload, dropping expired ones. The messages
// stay in the pool until remove.
func (p *pool) take(now uint64, maxMsgs, maxBytes int) []message {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []message
	size := 0
	keep := p.order[:0]
	for _, id := range p.order {
		m, ok := p.msgs[id]
		if !ok {
			continue
		}
		if m.Expiry < now {
			p.drop(id)
			continue
		}
		keep = append(keep, id)
		if len(out) < maxMsgs && size+len(m.Arg) <= maxBytes {
			out = append(out, m)
			size += len(m.Arg)
		}
	}
	p.order = keep
	return out
}

// remove deletes messages that a finalized block included.
func (p *pool) remove(ids []envelope.RequestID) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, id := range ids {
		p.drop(id)
	}
}

func (p *pool) drop(id envelope.RequestID) {
	if m, ok := p.msgs[id]; ok {
		p.argSize -= len(m.Arg)
		delete(p.msgs, id)
	}
}
