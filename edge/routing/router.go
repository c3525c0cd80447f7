package routing

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Router routes IC API requests to healthy nodes. Create it with New, give
// it a table with Update, start its health checks with Start. It is safe
// for concurrent use.
type Router struct {
	opts Options
	m    *metrics
	rand *lockedRand
	snap atomic.Pointer[snapshot]

	updateMu sync.Mutex // serialises Update
	budgets  sync.Map   // principal.Principal -> *budget

	runMu  sync.Mutex
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// snapshot is a table with the live state of its nodes.
type snapshot struct {
	table   *Table
	subnets map[principal.Principal][]*node
	all     []*node
	deflt   []*node // nodes of the default subnet
}

// New returns a Router with no table. It panics if opts.Validate fails:
// validate options when loading configuration.
func New(opts Options) *Router {
	if err := opts.Validate(); err != nil {
		panic(err)
	}
	opts = opts.withDefaults()
	r := &Router{opts: opts, m: newMetrics(opts.Registerer), rand: &lockedRand{src: opts.Rand}}
	r.snap.Store(&snapshot{table: &Table{}, subnets: map[principal.Principal][]*node{}})
	return r
}

// Table returns the current routing table.
func (r *Router) Table() *Table { return r.snap.Load().table }

// Update swaps the routing table. Nodes in both the old and the new table
// (same id, same URL) keep their health and latency; new nodes start
// usable, with no measurement, until their first check.
func (r *Router) Update(t *Table) {
	r.updateMu.Lock()
	defer r.updateMu.Unlock()
	old := r.snap.Load()
	live := make(map[nodeKey]*node, len(old.all))
	for _, n := range old.all {
		live[keyOf(n.Node)] = n
	}
	s := &snapshot{table: t, subnets: make(map[principal.Principal][]*node, len(t.subnets))}
	kept := map[*node]bool{}
	for _, sub := range t.subnets {
		nodes := make([]*node, 0, len(sub.Nodes))
		for _, tn := range sub.Nodes {
			n, ok := live[keyOf(tn)]
			if !ok || n.subnet != sub.ID {
				n = newNode(tn, sub.ID)
				r.m.healthy.WithLabelValues(n.slabel, n.label).Set(1)
			}
			kept[n] = true
			nodes = append(nodes, n)
		}
		s.subnets[sub.ID] = nodes
		s.all = append(s.all, nodes...)
	}
	if d := t.defaultSubnet(r.opts.DefaultSubnet); d != nil {
		s.deflt = s.subnets[d.ID]
	}
	r.snap.Store(s)
	for _, n := range old.all {
		if !kept[n] {
			r.m.healthy.DeleteLabelValues(n.slabel, n.label)
		}
	}
}

// route finds the nodes a target goes to.
func (s *snapshot) route(t Target) ([]*node, string, error) {
	switch {
	case t.Op == OpStatus:
		return s.deflt, "", nil
	case t.Subnet:
		nodes, ok := s.subnets[t.ID]
		if !ok {
			return nil, t.ID.String(), &Error{Kind: ErrUnknownSubnet, Subnet: t.ID.String()}
		}
		return nodes, t.ID.String(), nil
	case t.ID.IsManagement():
		// aaaaa-aa is on every subnet; agents send it as the effective id
		// of provisional_create_canister_with_cycles.
		return s.deflt, "", nil
	}
	sub, ok := s.table.SubnetForCanister(t.ID)
	if !ok {
		return nil, "", &Error{Kind: ErrUnknownCanister, Err: errCanister(t.ID)}
	}
	return s.subnets[sub.ID], sub.ID.String(), nil
}

type errCanister principal.Principal

func (e errCanister) Error() string { return "canister " + principal.Principal(e).String() }

// budget returns the retry budget of a subnet.
func (r *Router) budget(subnet principal.Principal) *budget {
	if b, ok := r.budgets.Load(subnet); ok {
		return b.(*budget)
	}
	b, _ := r.budgets.LoadOrStore(subnet, newBudget(r.opts.RetryRatio, r.opts.RetryMinPerSecond, r.opts.RetryWindow, r.opts.Now))
	return b.(*budget)
}

// NodeStatus is a node's state as the Router sees it.
type NodeStatus struct {
	Subnet, Node principal.Principal
	URL          string
	Usable       bool          // requests may go to it now
	CheckFailed  bool          // its last health check failed
	Latency      time.Duration // moving average; 0 before any measurement
	InFlight     int64
}

// Status lists every node of the current table.
func (r *Router) Status() []NodeStatus {
	s := r.snap.Load()
	now := r.opts.Now().UnixNano()
	out := make([]NodeStatus, 0, len(s.all))
	for _, n := range s.all {
		out = append(out, NodeStatus{Subnet: n.subnet, Node: n.ID, URL: n.URL.String(), Usable: n.usable(now),
			CheckFailed: n.checkFailed.Load(), Latency: time.Duration(n.ewmaNanos.Load()), InFlight: n.inflight.Load()})
	}
	return out
}

// report publishes a node's state if it changed: log, metrics, event.
func (r *Router) report(n *node, reason string) {
	healthy := n.usable(r.opts.Now().UnixNano())
	if !n.transition(healthy) {
		return
	}
	to, v := "down", 0.0
	if healthy {
		to, v = "up", 1
		r.opts.Logger.Info("node up", "subnet", n.slabel, "node", n.label, "url", n.URL.String())
	} else {
		r.opts.Logger.Warn("node down", "subnet", n.slabel, "node", n.label, "url", n.URL.String(), "reason", reason)
	}
	r.m.healthy.WithLabelValues(n.slabel, n.label).Set(v)
	r.m.transitions.WithLabelValues(n.slabel, n.label, to).Inc()
	if r.opts.Events != nil {
		r.opts.Events(Event{Subnet: n.subnet, Node: n.ID, URL: n.URL.String(), Healthy: healthy, Reason: reason})
	}
}
