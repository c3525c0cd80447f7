package envelope

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// TestAuthentication checks the rules of § Authentication and § Ingress
// expiry one by one, each with the status the replica answers.
func TestAuthentication(t *testing.T) {
	k, d1, d2, other := newTestKey("user"), newTestKey("d1"), newTestKey("d2"), newTestKey("other")
	hour := testNow.Add(time.Hour)
	query := callContent()
	query.Type = Query
	read := Content{Type: ReadState, IngressExpiry: testExpiry, Paths: [][][]byte{{[]byte("time")}}}
	mgmt := callContent()
	mgmt.CanisterID = principal.Management

	chainOf := func(n int) (testKey, []SignedDelegation) {
		prev, ds := k, []SignedDelegation{}
		for i := range n {
			next := newTestKey("chain" + string(rune('a'+i)))
			ds = append(ds, delegate(prev, next, hour, nil, ""))
			prev = next
		}
		return prev, ds
	}
	last20, chain20 := chainOf(20)
	last21, chain21 := chainOf(21)

	type tc struct {
		env      *Envelope
		endpoint RequestType
		ecid     principal.Principal
		want     error // nil: accepted
		status   int
	}
	with := func(env *Envelope, f func(*Envelope)) *Envelope { f(env); return env }
	anon := func(c Content) *Envelope { c.Sender = principal.Anonymous; return &Envelope{Content: c} }
	cases := map[string]tc{
		"signed call":                {env: signed(callContent(), k, k), endpoint: Call},
		"anonymous call":             {env: anon(callContent()), endpoint: Call},
		"signed query":               {env: signed(query, k, k), endpoint: Query},
		"signed read_state":          {env: signed(read, k, k), endpoint: ReadState, ecid: testCanID},
		"chain of 1":                 {env: signed(callContent(), k, d1, delegate(k, d1, hour, nil, "")), endpoint: Call},
		"chain of 20":                {env: signed(callContent(), k, last20, chain20...), endpoint: Call},
		"chain of 21":                {env: signed(callContent(), k, last21, chain21...), endpoint: Call, want: ErrDelegation, status: 403},
		"bad signature":              {env: with(signed(callContent(), k, k), func(e *Envelope) { e.SenderSig[0] ^= 1 }), endpoint: Call, want: ErrSignature, status: 403},
		"signature by another key":   {env: signed(callContent(), k, other), endpoint: Call, want: ErrSignature, status: 403},
		"signature by delegator":     {env: signed(callContent(), k, k, delegate(k, d1, hour, nil, "")), endpoint: Call, want: ErrSignature, status: 403},
		"empty signature":            {env: with(signed(callContent(), k, k), func(e *Envelope) { e.SenderSig = []byte{} }), endpoint: Call, want: ErrSignature, status: 403},
		"content changed after sig":  {env: with(signed(callContent(), k, k), func(e *Envelope) { e.Content.MethodName = "steal" }), endpoint: Call, want: ErrSignature, status: 403},
		"wrong sender":               {env: with(signed(callContent(), k, k), func(e *Envelope) { e.Content.Sender = other.principal() }), endpoint: Call, want: ErrSender, status: 403},
		"anonymous with credentials": {env: with(signed(callContent(), k, k), func(e *Envelope) { e.Content.Sender = principal.Anonymous }), endpoint: Call, want: ErrCredentials, status: 403},
		"anonymous with delegations": {env: with(anon(callContent()), func(e *Envelope) { e.SenderDelegation = []SignedDelegation{} }), endpoint: Call, want: ErrCredentials, status: 400},
		"user without credentials":   {env: with(signed(callContent(), k, k), func(e *Envelope) { e.SenderPubKey, e.SenderSig = nil, nil }), endpoint: Call, want: ErrCredentials, status: 403},
		"pubkey without signature":   {env: with(signed(callContent(), k, k), func(e *Envelope) { e.SenderSig = nil }), endpoint: Call, want: ErrCredentials, status: 400},
		"signature without pubkey":   {env: with(signed(callContent(), k, k), func(e *Envelope) { e.SenderPubKey = nil }), endpoint: Call, want: ErrCredentials, status: 400},
		"malformed sender key": {env: with(signed(callContent(), k, k), func(e *Envelope) {
			e.SenderPubKey = []byte("junk")
			e.Content.Sender = principal.SelfAuthenticating(e.SenderPubKey)
		}), endpoint: Call, want: ErrPublicKey, status: 403},
		"expired ingress": {env: signed(with(&Envelope{Content: callContent()}, func(e *Envelope) { e.Content.IngressExpiry = uint64(testNow.UnixNano()) - 1 }).Content, k, k), endpoint: Call, want: ErrIngressExpiry, status: 400},
		"expiry too far": {env: signed(with(&Envelope{Content: callContent()}, func(e *Envelope) {
			e.Content.IngressExpiry = uint64(testNow.Add(5*time.Minute + 31*time.Second).UnixNano())
		}).Content, k, k), endpoint: Call, want: ErrIngressExpiry, status: 400},
		"expiry at window end": {env: signed(with(&Envelope{Content: callContent()}, func(e *Envelope) {
			e.Content.IngressExpiry = uint64(testNow.Add(5*time.Minute + 30*time.Second).UnixNano())
		}).Content, k, k), endpoint: Call},
		"anonymous call expired":      {env: with(anon(callContent()), func(e *Envelope) { e.Content.IngressExpiry = 0 }), endpoint: Call, want: ErrIngressExpiry, status: 400},
		"anonymous query any expiry":  {env: with(anon(query), func(e *Envelope) { e.Content.IngressExpiry = 0 }), endpoint: Query},
		"anonymous read any expiry":   {env: with(anon(read), func(e *Envelope) { e.Content.IngressExpiry = 1<<64 - 1 }), endpoint: ReadState},
		"signed query expired":        {env: signed(with(&Envelope{Content: query}, func(e *Envelope) { e.Content.IngressExpiry = 0 }).Content, k, k), endpoint: Query, want: ErrIngressExpiry, status: 400},
		"expired delegation":          {env: signed(callContent(), k, d1, delegate(k, d1, testNow.Add(-time.Nanosecond), nil, "")), endpoint: Call, want: ErrDelegationExpiry, status: 400},
		"delegation expiring now":     {env: signed(callContent(), k, d1, delegate(k, d1, testNow, nil, "")), endpoint: Call},
		"delegation by wrong key":     {env: signed(callContent(), k, d1, delegate(other, d1, hour, nil, "")), endpoint: Call, want: ErrDelegation, status: 403},
		"tampered delegation":         {env: signed(callContent(), k, d1, with(&Envelope{SenderDelegation: []SignedDelegation{delegate(k, d1, hour, nil, "")}}, func(e *Envelope) { e.SenderDelegation[0].Delegation.Expiration++ }).SenderDelegation...), endpoint: Call, want: ErrDelegation, status: 403},
		"self-delegation":             {env: signed(callContent(), k, k, delegate(k, k, hour, nil, "")), endpoint: Call, want: ErrDelegation, status: 403},
		"delegation cycle":            {env: signed(callContent(), k, k, delegate(k, d1, hour, nil, ""), delegate(d1, k, hour, nil, "")), endpoint: Call, want: ErrDelegation, status: 403},
		"repeated key later in chain": {env: signed(callContent(), k, d1, delegate(k, d1, hour, nil, ""), delegate(d1, d2, hour, nil, ""), delegate(d2, d1, hour, nil, "")), endpoint: Call, want: ErrDelegation, status: 403},
		"malformed delegated key": {env: signed(callContent(), k, d1, func() SignedDelegation {
			d := Delegation{PubKey: []byte("junk"), Expiration: uint64(hour.UnixNano())}
			return SignedDelegation{d, k.sign(d.SignedBytes())}
		}()), endpoint: Call, want: ErrPublicKey, status: 403},
		"target allowed":                {env: signed(callContent(), k, d1, delegate(k, d1, hour, []principal.Principal{principal.CanisterID(1), testCanID}, "")), endpoint: Call},
		"target mismatch":               {env: signed(callContent(), k, d1, delegate(k, d1, hour, []principal.Principal{principal.CanisterID(1)}, "")), endpoint: Call, want: ErrTarget, status: 403},
		"empty targets":                 {env: signed(callContent(), k, d1, delegate(k, d1, hour, []principal.Principal{}, "")), endpoint: Call, want: ErrTarget, status: 403},
		"targets intersect to empty":    {env: signed(callContent(), k, d2, delegate(k, d1, hour, []principal.Principal{testCanID}, ""), delegate(d1, d2, hour, []principal.Principal{principal.CanisterID(1)}, "")), endpoint: Call, want: ErrTarget, status: 403},
		"targets intersect to canister": {env: signed(callContent(), k, d2, delegate(k, d1, hour, []principal.Principal{testCanID, principal.CanisterID(1)}, ""), delegate(d1, d2, hour, nil, "")), endpoint: Call},
		"management call by ecid":       {env: signed(mgmt, k, d1, delegate(k, d1, hour, []principal.Principal{testCanID}, "")), endpoint: Call, ecid: testCanID},
		"management call, ecid out":     {env: signed(mgmt, k, d1, delegate(k, d1, hour, []principal.Principal{testCanID}, "")), endpoint: Call, ecid: principal.CanisterID(9), want: ErrTarget, status: 403},
		"read_state ecid in":            {env: signed(read, k, d1, delegate(k, d1, hour, []principal.Principal{testCanID}, "")), endpoint: ReadState, ecid: testCanID},
		"read_state ecid out":           {env: signed(read, k, d1, delegate(k, d1, hour, []principal.Principal{testCanID}, "")), endpoint: ReadState, ecid: principal.CanisterID(9), want: ErrTarget, status: 403},
		"queries permission, call":      {env: signed(callContent(), k, d1, delegate(k, d1, hour, nil, PermissionsQueries)), endpoint: Call, want: ErrPermissions, status: 403},
		"queries deep in chain":         {env: signed(callContent(), k, d2, delegate(k, d1, hour, nil, PermissionsAll), delegate(d1, d2, hour, nil, PermissionsQueries)), endpoint: Call, want: ErrPermissions, status: 403},
		"queries permission, query":     {env: signed(query, k, d1, delegate(k, d1, hour, nil, PermissionsQueries)), endpoint: Query},
		"queries permission, read":      {env: signed(read, k, d1, delegate(k, d1, hour, nil, PermissionsQueries)), endpoint: ReadState, ecid: testCanID},
		"all permission, call":          {env: signed(callContent(), k, d1, delegate(k, d1, hour, nil, PermissionsAll)), endpoint: Call},
		"bad permission string":         {env: signed(query, k, d1, delegate(k, d1, hour, nil, "everything")), endpoint: Query, want: ErrPermissions, status: 403},
		"query sent to call":            {env: signed(query, k, k), endpoint: Call, want: ErrEndpoint, status: 400},
		"call sent to read_state":       {env: signed(callContent(), k, k), endpoint: ReadState, want: ErrEndpoint, status: 400},
		"sender_info":                   {env: signed(with(&Envelope{Content: callContent()}, func(e *Envelope) { e.Content.SenderInfo = &SenderInfo{Signer: testCanID} }).Content, k, k), endpoint: Call, want: ErrSenderInfo, status: 403},
		"nonce of 33 bytes":             {env: signed(with(&Envelope{Content: callContent()}, func(e *Envelope) { e.Content.Nonce = make([]byte, 33) }).Content, k, k), endpoint: Call, want: ErrMalformed, status: 400},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			res, err := Verify(c.env, Options{Now: testNow, Endpoint: c.endpoint, EffectiveCanisterID: c.ecid})
			if c.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if res.Sender != c.env.Content.Sender || res.RequestID != c.env.Content.RequestID() {
					t.Fatal("result does not describe the request")
				}
				return
			}
			var e *Error
			if !errors.Is(err, c.want) || !errors.As(err, &e) || e.Status != c.status {
				t.Fatalf("Verify error = %v (%T), want %v with status %d", err, err, c.want, c.status)
			}
			if e.Status == http.StatusForbidden {
				prefix := "Failed to authenticate request " + c.env.Content.RequestID().String() + " due to: "
				if !strings.HasPrefix(e.Message, prefix) {
					t.Fatalf("403 message %q lacks prefix %q", e.Message, prefix)
				}
			}
		})
	}
}

// TestIngressExpiryMessage checks the exact 400 text of PROTOCOL.md §1.4,
// which @icp-sdk/core matches to resynchronise its clock.
func TestIngressExpiryMessage(t *testing.T) {
	now := time.Date(2025, 5, 1, 23, 55, 18, 5285297, time.UTC)
	provided := uint64(time.Date(2025, 5, 1, 12, 38, 0, 0, time.UTC).UnixNano())
	e := checkIngressExpiry(provided, now)
	want := "Invalid request expiry: Specified ingress_expiry not within expected range: " +
		"Minimum allowed expiry: 2025-05-01 23:55:18.005285297 UTC, Maximum allowed expiry: 2025-05-02 00:00:48.005285297 UTC, " +
		"Provided expiry: 2025-05-01 12:38:00 UTC"
	if e == nil || e.Message != want || e.Status != http.StatusBadRequest {
		t.Fatalf("got %+v\nwant %q", e, want)
	}
	for ns, s := range map[uint64]string{0: "1970-01-01 00:00:00 UTC", 1e6: "1970-01-01 00:00:00.001 UTC", 1500: "1970-01-01 00:00:00.000001500 UTC", 2000: "1970-01-01 00:00:00.000002 UTC"} {
		if got := formatTime(ns); got != s {
			t.Errorf("formatTime(%d) = %q, want %q", ns, got, s)
		}
	}
	if got := formatTime(1<<64 - 1); !strings.HasPrefix(got, "2554-") {
		t.Errorf("formatTime(max) = %q", got)
	}
}

func TestResultTargets(t *testing.T) {
	k, d1, d2 := newTestKey("user"), newTestKey("d1"), newTestKey("d2")
	hour := testNow.Add(time.Hour)
	env := signed(callContent(), k, d2,
		delegate(k, d1, hour, []principal.Principal{testCanID, principal.CanisterID(1), testCanID}, ""),
		delegate(d1, d2, hour, []principal.Principal{principal.CanisterID(2), testCanID}, PermissionsAll))
	res, err := Verify(env, Options{Now: testNow, Endpoint: Call})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Targets) != 1 || res.Targets[0] != testCanID || res.QueriesOnly {
		t.Fatalf("targets %v, queries only %v", res.Targets, res.QueriesOnly)
	}
}

func BenchmarkVerifyEd25519Envelope(b *testing.B) {
	k := newTestKey("bench")
	body := signed(callContent(), k, k).Marshal()
	opt := Options{Now: testNow, Endpoint: Call}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		env, err := Decode(body)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Verify(env, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	k := newTestKey("bench")
	body := signed(callContent(), k, k).Marshal()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}
