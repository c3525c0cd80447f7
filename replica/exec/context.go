package exec

// kind is the System API context an execution runs in (PROTOCOL.md §6.2
// context letters). Callback contexts (Ry, Rt, C, CRy, CRt, CC) and the
// http-outcall transform (TQ) are not executed by this package yet.
type kind uint8

const (
	kStart          kind = iota // s: the module's start function
	kInit                       // I: canister_init and canister_post_upgrade
	kPreUpgrade                 // G
	kUpdate                     // U
	kReplQuery                  // RQ: a query method run as an update
	kQuery                      // NRQ: a query call
	kCompositeQuery             // CQ
	kInspect                    // F: canister_inspect_message
	kSystemTask                 // T: heartbeat, global timer
	numKinds
)

var kindNames = [numKinds]string{
	kStart:          "start",
	kInit:           "init",
	kPreUpgrade:     "pre_upgrade",
	kUpdate:         "update",
	kReplQuery:      "replicated query",
	kQuery:          "non-replicated query",
	kCompositeQuery: "composite query",
	kInspect:        "inspect message",
	kSystemTask:     "system task",
}

func (k kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "unknown"
}

// kinds is a set of contexts.
type kinds uint16

func setOf(ks ...kind) kinds {
	var s kinds
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

func (s kinds) has(k kind) bool { return s&(1<<k) != 0 }

// Context sets used by the import table.
var (
	// ctxAll is "*": every context but the start function.
	ctxAll = setOf(kInit, kPreUpgrade, kUpdate, kReplQuery, kQuery, kCompositeQuery, kInspect, kSystemTask)
	// ctxAny is "* s".
	ctxAny      = ctxAll | setOf(kStart)
	ctxArg      = setOf(kInit, kUpdate, kReplQuery, kQuery, kCompositeQuery, kInspect)
	ctxRespond  = setOf(kUpdate, kReplQuery, kQuery, kCompositeQuery)
	ctxCallback = kinds(0) // Ry Rt C: not executed yet, so always a trap
	ctxInspect  = setOf(kInspect)
	ctxCertify  = setOf(kInit, kPreUpgrade, kUpdate, kSystemTask)
	ctxDataCert = setOf(kQuery, kCompositeQuery)
	ctxRootKey  = setOf(kInit, kPreUpgrade, kUpdate, kReplQuery, kSystemTask)
	ctxCycles   = setOf(kUpdate, kReplQuery)
	ctxBurn     = setOf(kInit, kPreUpgrade, kUpdate, kReplQuery, kSystemTask)
	ctxCall     = setOf(kUpdate, kCompositeQuery, kSystemTask)
	ctxCallAdd  = setOf(kUpdate, kSystemTask)
	ctxDeadline = setOf(kUpdate, kReplQuery, kQuery, kCompositeQuery)
	ctxCallerIn = setOf(kUpdate, kReplQuery, kQuery, kCompositeQuery, kInspect)
)

// replicated reports whether the context runs in replicated execution.
func (k kind) replicated() bool { return k != kQuery && k != kCompositeQuery && k != kInspect }

// keepsState reports whether a successful execution in this context
// commits its changes.
func (k kind) keepsState() bool {
	switch k {
	case kStart, kInit, kPreUpgrade, kUpdate, kSystemTask:
		return true
	}
	return false
}
