package agenttest

import (
	"crypto/ed25519"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/threshold-ic/threshold/certify/cbor"
	"github.com/threshold-ic/threshold/certify/rih"
	"github.com/threshold-ic/threshold/replica/api/envelope"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

// serve routes a request as the real replica's HTTP API does.
func (r *Replica) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.paths = append(r.paths, req.URL.Path)
	if req.URL.Path == "/api/v2/status" {
		b := cbor.AppendSelfDescribe(nil)
		b = cbor.AppendMap(b, 3)
		b = cbor.AppendText(cbor.AppendText(b, "impl_version"), "agenttest")
		b = cbor.AppendText(cbor.AppendText(b, "replica_health_status"), "healthy")
		b = cbor.AppendBytes(cbor.AppendText(b, "root_key"), r.RootKey)
		writeCBOR(w, http.StatusOK, b)
		return
	}
	parts := strings.Split(strings.TrimPrefix(req.URL.Path, "/api/"), "/")
	if len(parts) != 4 || parts[1] != "canister" || (r.NoV4 && parts[0] == "v4") {
		http.Error(w, "Endpoint not found.", http.StatusNotFound)
		return
	}
	ecid, err := principal.Parse(parts[2])
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	body, _ := io.ReadAll(req.Body)
	env, err := envelope.Decode(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	endpoint := map[string]envelope.RequestType{"call": envelope.Call, "query": envelope.Query, "read_state": envelope.ReadState}[parts[3]]
	res, err := envelope.Verify(env, envelope.Options{Now: r.now(), Endpoint: endpoint, EffectiveCanisterID: ecid})
	if err != nil {
		var e *envelope.Error
		if errors.As(err, &e) {
			http.Error(w, e.Message, e.Status)
		} else {
			http.Error(w, err.Error(), http.StatusBadRequest)
		}
		return
	}
	switch parts[3] {
	case "call":
		r.serveCall(w, parts[0], ecid, env, res)
	case "query":
		r.serveQuery(w, env, res)
	case "read_state":
		r.serveReadState(w, env, res)
	}
}

// serveCall executes a call at once and answers as its endpoint version
// does.
func (r *Replica) serveCall(w http.ResponseWriter, version string, ecid principal.Principal, env *envelope.Envelope, res envelope.Result) {
	c := &env.Content
	if _, ok := r.statuses[res.RequestID]; !ok {
		reply, rj := r.execute(res.Sender, c.CanisterID, c.MethodName, c.Arg)
		r.statuses[res.RequestID] = &status{sender: res.Sender, reply: reply, reject: rj}
	}
	if version == "v2" || r.Async {
		w.WriteHeader(http.StatusAccepted)
		return
	}
	cert := r.certificate(pathOf("request_status", string(res.RequestID[:])))
	b := cbor.AppendSelfDescribe(nil)
	b = cbor.AppendMap(b, 2)
	b = cbor.AppendText(cbor.AppendText(b, "status"), "replied")
	b = cbor.AppendBytes(cbor.AppendText(b, "certificate"), cert)
	writeCBOR(w, http.StatusOK, b)
}

// execute runs a method of a fake canister or of the management canister.
func (r *Replica) execute(sender, canister principal.Principal, method string, arg []byte) ([]byte, *reject) {
	if canister.IsManagement() {
		return r.management(sender, method, arg)
	}
	c, ok := r.canisters[canister]
	switch {
	case !ok:
		return nil, &reject{3, "Canister " + canister.String() + " not found", "IC0301"}
	case c.status != "running":
		return nil, &reject{5, "Canister " + canister.String() + " is stopped", "IC0508"}
	case method == "reject":
		return nil, &reject{4, "rejected on request", "IC0406"}
	}
	return arg, nil
}

// serveQuery answers a query and signs it with the node key.
func (r *Replica) serveQuery(w http.ResponseWriter, env *envelope.Envelope, res envelope.Result) {
	c := &env.Content
	reply, rj := r.execute(res.Sender, c.CanisterID, c.MethodName, c.Arg)
	ts := uint64(r.now().Add(r.QuerySigSkew).UnixNano())
	fields := []rih.Field{{Key: "timestamp", Value: rih.Nat(ts)}, {Key: "request_id", Value: rih.Blob(res.RequestID[:])}}
	b := cbor.AppendSelfDescribe(nil)
	if rj != nil {
		fields = append(fields,
			rih.Field{Key: "status", Value: rih.Text("rejected")},
			rih.Field{Key: "reject_code", Value: rih.Nat(rj.code)},
			rih.Field{Key: "reject_message", Value: rih.Text(rj.message)},
			rih.Field{Key: "error_code", Value: rih.Text(rj.errorCode)})
		b = cbor.AppendMap(b, 5)
		b = cbor.AppendText(cbor.AppendText(b, "status"), "rejected")
		b = cbor.AppendUint(cbor.AppendText(b, "reject_code"), rj.code)
		b = cbor.AppendText(cbor.AppendText(b, "reject_message"), rj.message)
		b = cbor.AppendText(cbor.AppendText(b, "error_code"), rj.errorCode)
	} else {
		fields = append(fields,
			rih.Field{Key: "status", Value: rih.Text("replied")},
			rih.Field{Key: "reply", Value: rih.Map([]rih.Field{{Key: "arg", Value: rih.Blob(reply)}})})
		b = cbor.AppendMap(b, 3)
		b = cbor.AppendText(cbor.AppendText(b, "status"), "replied")
		b = cbor.AppendBytes(cbor.AppendText(cbor.AppendMap(cbor.AppendText(b, "reply"), 1), "arg"), reply)
	}
	h := rih.Map(fields)
	key := r.nodeSK
	if r.BadQuerySig {
		key = ed25519.NewKeyFromSeed(make([]byte, 32))
	}
	sig := ed25519.Sign(key, append([]byte(rih.SepResponse), h[:]...))
	b = cbor.AppendArray(cbor.AppendText(b, "signatures"), 1)
	b = cbor.AppendMap(b, 3)
	b = cbor.AppendUint(cbor.AppendText(b, "timestamp"), ts)
	b = cbor.AppendBytes(cbor.AppendText(b, "signature"), sig)
	b = cbor.AppendBytes(cbor.AppendText(b, "identity"), r.Node.Bytes())
	writeCBOR(w, http.StatusOK, b)
}

// serveReadState answers with a certificate revealing the paths; a
// request status still in its PendingPolls shows "processing".
func (r *Replica) serveReadState(w http.ResponseWriter, env *envelope.Envelope, _ envelope.Result) {
	for _, p := range env.Content.Paths {
		if len(p) >= 2 && string(p[0]) == "request_status" {
			var rid envelope.RequestID
			copy(rid[:], p[1])
			if st, ok := r.statuses[rid]; ok {
				st.polls++
			}
		}
	}
	cert := r.certificate(env.Content.Paths...)
	b := cbor.AppendSelfDescribe(nil)
	b = cbor.AppendMap(b, 1)
	b = cbor.AppendBytes(cbor.AppendText(b, "certificate"), cert)
	writeCBOR(w, http.StatusOK, b)
}

func writeCBOR(w http.ResponseWriter, code int, b []byte) {
	w.Header().Set("Content-Type", "application/cbor")
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

func pathOf(labels ...string) [][]byte {
	p := make([][]byte, len(labels))
	for i, l := range labels {
		p[i] = []byte(l)
	}
	return p
}
