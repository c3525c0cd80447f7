package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/signal"
	"strings"

	"github.com/threshold-ic/threshold/replica/api/agent"
	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/api/principal"
)

const canisterUsage = `Usage:
  threshold canister create  [--cycles N] [--controller P]... [--ecid ID]
  threshold canister install CANISTER --wasm FILE [--mode install|reinstall|upgrade] [--arg CANDID] [--candid FILE.did]
  threshold canister call    CANISTER METHOD [ARGS] [--candid FILE.did]
  threshold canister query   CANISTER METHOD [ARGS] [--candid FILE.did]
  threshold canister status|start|stop|delete CANISTER

Common flags:
  --network DIR|URL   the network: a directory with network.json (written by
                      threshold up; default ./.threshold or $THRESHOLD_NETWORK),
                      or an API URL whose root key is fetched unverified
  --identity NAME|PEM the identity to sign with (default: the default identity)
  --json              print machine-readable JSON

CANISTER is a canister id or a name from network.json. ARGS is Candid text,
e.g. '(record { name = "x"; n = 5 : nat })'. Arguments are encoded and
replies decoded with the method's types from --candid, else from the
canister's candid:service metadata, else as written.
`

// canisterFlags are the flags of every canister subcommand.
type canisterFlags struct {
	network, identity, wasm, mode, arg, candid, ecid, cycles string
	controllers                                              listFlag
	json                                                     bool
}

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// canisterCmd is a parsed canister command with its connection.
type canisterCmd struct {
	fl     canisterFlags
	net    *network
	agent  *agent.Agent
	stdout io.Writer
	stderr io.Writer
}

// canisterCommands maps each subcommand to its positional-argument bounds
// and implementation.
var canisterCommands = map[string]struct {
	min, max int
	run      func(c *canisterCmd, ctx context.Context, args []string) error
}{
	"create":  {0, 0, (*canisterCmd).create},
	"install": {1, 1, (*canisterCmd).install},
	"call":    {2, 3, func(c *canisterCmd, ctx context.Context, a []string) error { return c.invoke(ctx, a, false) }},
	"query":   {2, 3, func(c *canisterCmd, ctx context.Context, a []string) error { return c.invoke(ctx, a, true) }},
	"status":  {1, 1, (*canisterCmd).status},
	"start":   {1, 1, lifecycle("start", (*agent.Agent).StartCanister)},
	"stop":    {1, 1, lifecycle("stop", (*agent.Agent).StopCanister)},
	"delete":  {1, 1, lifecycle("delete", (*agent.Agent).DeleteCanister)},
}

// cmdCanister runs `threshold canister`.
func cmdCanister(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, canisterUsage)
		return boolToExit(len(args) == 0)
	}
	sub, ok := canisterCommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "threshold canister: unknown command %q\n\n%s", args[0], canisterUsage)
		return 2
	}
	c := &canisterCmd{stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("canister "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.fl.network, "network", "", "network directory or API URL")
	fs.StringVar(&c.fl.identity, "identity", "", "identity name or PEM file")
	fs.BoolVar(&c.fl.json, "json", false, "print JSON")
	fs.StringVar(&c.fl.wasm, "wasm", "", "module to install")
	fs.StringVar(&c.fl.mode, "mode", "install", "install mode: install, reinstall or upgrade")
	fs.StringVar(&c.fl.arg, "arg", "", "init or upgrade argument, Candid text")
	fs.StringVar(&c.fl.candid, "candid", "", "the canister's .did file")
	fs.StringVar(&c.fl.ecid, "ecid", "", "create: a canister id on the target subnet")
	fs.StringVar(&c.fl.cycles, "cycles", "", "create: cycles to create the canister with")
	fs.Var(&c.fl.controllers, "controller", "create: a controller (repeatable; default: the caller)")
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return 2
	}
	if len(pos) < sub.min || len(pos) > sub.max {
		fmt.Fprintf(stderr, "threshold canister %s: wrong number of arguments\n\n%s", args[0], canisterUsage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := c.connect(); err != nil {
		return fail(stderr, "canister "+args[0], err)
	}
	if err := sub.run(c, ctx, pos); err != nil {
		return fail(stderr, "canister "+args[0], err)
	}
	return 0
}

// connect loads the network and the identity and makes the agent.
func (c *canisterCmd) connect() error {
	var err error
	if c.net, err = loadNetwork(c.fl.network); err != nil {
		return err
	}
	store, err := openStore()
	if err != nil {
		return err
	}
	id, err := store.resolve(c.fl.identity, c.stderr)
	if err != nil {
		return err
	}
	c.agent, err = c.net.agent(id, c.stderr)
	return err
}

// output prints v as JSON with --json, else the human text.
func (c *canisterCmd) output(v any, human string) error {
	if !c.fl.json {
		_, err := fmt.Fprintln(c.stdout, human)
		return err
	}
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (c *canisterCmd) create(ctx context.Context, _ []string) error {
	opts := agent.CreateOptions{}
	var err error
	if c.fl.ecid != "" {
		opts.EffectiveCanisterID, err = principal.Parse(c.fl.ecid)
	} else {
		opts.EffectiveCanisterID, err = c.net.creationTarget()
	}
	if err != nil {
		return fmt.Errorf("--ecid: %w", err)
	}
	if c.fl.cycles != "" {
		n, ok := new(big.Int).SetString(strings.ReplaceAll(c.fl.cycles, "_", ""), 10)
		if !ok || n.Sign() < 0 {
			return fmt.Errorf("--cycles %q is not a natural number", c.fl.cycles)
		}
		opts.Cycles = n
	}
	if len(c.fl.controllers) > 0 {
		opts.Settings = &agent.Settings{}
		for _, s := range c.fl.controllers {
			p, err := principal.Parse(s)
			if err != nil {
				return fmt.Errorf("--controller: %w", err)
			}
			opts.Settings.Controllers = append(opts.Settings.Controllers, p)
		}
	}
	id, err := c.agent.CreateCanister(ctx, opts)
	if err != nil {
		return err
	}
	return c.output(map[string]string{"canister_id": id.String()}, id.String())
}

func (c *canisterCmd) install(ctx context.Context, args []string) error {
	id, err := c.net.canister(args[0])
	if err != nil {
		return err
	}
	if c.fl.wasm == "" {
		return fmt.Errorf("--wasm FILE is required")
	}
	wasm, err := os.ReadFile(c.fl.wasm)
	if err != nil {
		return err
	}
	arg, err := c.initArg()
	if err != nil {
		return err
	}
	if err := c.agent.InstallCode(ctx, id, agent.InstallMode(c.fl.mode), wasm, arg); err != nil {
		return err
	}
	return c.output(map[string]string{"canister_id": id.String(), "mode": c.fl.mode},
		fmt.Sprintf("Installed %s in %s (%s).", c.fl.wasm, id, c.fl.mode))
}

// lifecycle makes start, stop and delete.
func lifecycle(verb string, f func(*agent.Agent, context.Context, principal.Principal) error) func(*canisterCmd, context.Context, []string) error {
	return func(c *canisterCmd, ctx context.Context, args []string) error {
		id, err := c.net.canister(args[0])
		if err != nil {
			return err
		}
		if err := f(c.agent, ctx, id); err != nil {
			return err
		}
		past := map[string]string{"start": "Started", "stop": "Stopped", "delete": "Deleted"}[verb]
		return c.output(map[string]string{"canister_id": id.String(), "result": verb + " done"}, past+" "+id.String()+".")
	}
}

// invoke runs `call` and `query`: encode ARGS by the method's types,
// send, decode and print the reply.
func (c *canisterCmd) invoke(ctx context.Context, args []string, query bool) error {
	id, err := c.net.canister(args[0])
	if err != nil {
		return err
	}
	method, text := args[1], "()"
	if len(args) == 3 {
		text = args[2]
	}
	values, err := candid.ParseArgs(text)
	if err != nil {
		return fmt.Errorf("ARGS: %w", err)
	}
	fn, err := c.methodType(ctx, id, method)
	if err != nil {
		return err
	}
	var arg []byte
	if fn != nil {
		if len(values) > len(fn.Args()) {
			return fmt.Errorf("%s takes %d argument(s), got %d: %s", method, len(fn.Args()), len(values), fn)
		}
		arg, err = candid.Encode(fn.Args(), values)
	} else {
		arg, err = encodeUntyped(values)
	}
	if err != nil {
		return fmt.Errorf("encoding the arguments of %s: %w", method, err)
	}
	var reply []byte
	if query {
		reply, err = c.agent.Query(ctx, id, method, arg)
	} else {
		reply, err = c.agent.Call(ctx, id, method, arg, agent.CallOptions{})
	}
	if err != nil {
		return err
	}
	var out []candid.Value
	if fn != nil {
		out, err = candid.Decode(reply, fn.Results())
	} else {
		_, out, err = candid.DecodeAny(reply)
	}
	if err != nil {
		return fmt.Errorf("decoding the reply of %s: %w", method, err)
	}
	js := make([]any, len(out))
	for i, v := range out {
		js[i] = candidJSON(v)
	}
	return c.output(js, candid.FormatArgs(out))
}

// service returns the canister's interface: --candid, else its
// candid:service metadata, else nil.
func (c *canisterCmd) service(ctx context.Context, id principal.Principal) (*candid.Did, error) {
	if c.fl.candid != "" {
		src, err := os.ReadFile(c.fl.candid)
		if err != nil {
			return nil, err
		}
		did, err := candid.ParseDid(string(src))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.fl.candid, err)
		}
		return did, nil
	}
	src, found, err := c.agent.CanisterMetadata(ctx, id, "candid:service")
	if err != nil || !found {
		return nil, err
	}
	did, err := candid.ParseDid(string(src))
	if err != nil {
		fmt.Fprintf(c.stderr, "warning: the canister's candid:service does not parse (%v); encoding the arguments as written\n", err)
		return nil, nil
	}
	return did, nil
}

// methodType finds the method's func type in the canister's interface;
// nil when there is no interface to consult.
func (c *canisterCmd) methodType(ctx context.Context, id principal.Principal, method string) (*candid.Type, error) {
	did, err := c.service(ctx, id)
	if err != nil || did == nil {
		return nil, err
	}
	fn, ok := did.Method(method)
	if !ok {
		return nil, fmt.Errorf("the canister's interface has no method %q", method)
	}
	return fn, nil
}

// initArg encodes --arg, with the init types of --candid if it has them.
func (c *canisterCmd) initArg() ([]byte, error) {
	text := c.fl.arg
	if text == "" {
		text = "()"
	}
	values, err := candid.ParseArgs(text)
	if err != nil {
		return nil, fmt.Errorf("--arg: %w", err)
	}
	if c.fl.candid != "" {
		src, err := os.ReadFile(c.fl.candid)
		if err != nil {
			return nil, err
		}
		did, err := candid.ParseDid(string(src))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.fl.candid, err)
		}
		if did.Init != nil {
			return candid.Encode(did.Init, values)
		}
	}
	return encodeUntyped(values)
}

func (c *canisterCmd) status(ctx context.Context, args []string) error {
	id, err := c.net.canister(args[0])
	if err != nil {
		return err
	}
	st, err := c.agent.CanisterStatus(ctx, id)
	if err != nil {
		return err
	}
	hash := "none"
	if st.ModuleHash != nil {
		hash = fmt.Sprintf("0x%x", st.ModuleHash)
	}
	ctl := make([]string, len(st.Controllers))
	for i, p := range st.Controllers {
		ctl[i] = p.String()
	}
	human := fmt.Sprintf("Canister:     %s\nStatus:       %s\nModule hash:  %s\nControllers:  %s\nCycles:       %s\nMemory size:  %s bytes",
		id, st.Status, hash, strings.Join(ctl, " "), st.Cycles, st.MemorySize)
	return c.output(candidJSON(st.Value), human)
}

// encodeUntyped encodes values with types read off the values themselves,
// for canisters whose interface is unknown. Untyped numbers become nat, or
// int when negative, or float64.
func encodeUntyped(values []candid.Value) ([]byte, error) {
	types := make([]*candid.Type, len(values))
	for i, v := range values {
		t, err := inferType(v)
		if err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		types[i] = t
	}
	return candid.Encode(types, values)
}

// primitives maps primitive kinds to their types.
var primitives = map[candid.Kind]*candid.Type{
	candid.KindNull: candid.Null, candid.KindBool: candid.Bool, candid.KindNat: candid.Nat, candid.KindInt: candid.Int,
	candid.KindNat8: candid.Nat8, candid.KindNat16: candid.Nat16, candid.KindNat32: candid.Nat32, candid.KindNat64: candid.Nat64,
	candid.KindInt8: candid.Int8, candid.KindInt16: candid.Int16, candid.KindInt32: candid.Int32, candid.KindInt64: candid.Int64,
	candid.KindFloat32: candid.Float32, candid.KindFloat64: candid.Float64, candid.KindText: candid.Text,
	candid.KindReserved: candid.Reserved, candid.KindPrincipal: candid.Principal,
}

// inferType gives a value parsed from text the type it was written as.
func inferType(v candid.Value) (*candid.Type, error) {
	if t, ok := primitives[v.Kind()]; ok {
		return t, nil
	}
	switch v.Kind() {
	case candid.KindNumber:
		if b := v.Big(); b == nil {
			return candid.Float64, nil
		} else if b.Sign() < 0 {
			return candid.Int, nil
		}
		return candid.Nat, nil
	case candid.KindOpt:
		inner, ok := v.Opt()
		if !ok {
			return candid.Opt(candid.Null), nil
		}
		t, err := inferType(inner)
		return candid.Opt(t), err
	case candid.KindVec:
		if v.Bytes() != nil {
			return candid.Blob, nil
		}
		if v.Len() == 0 {
			return candid.Vec(candid.Null), nil
		}
		t, err := inferType(v.Elems()[0])
		return candid.Vec(t), err
	case candid.KindRecord, candid.KindVariant:
		var fs []candid.Field
		for _, f := range v.Fields() {
			t, err := inferType(f.Value)
			if err != nil {
				return nil, err
			}
			fs = append(fs, candid.Field{ID: f.ID, Name: f.Name, Type: t})
		}
		if v.Kind() == candid.KindVariant {
			return candid.Variant(fs...), nil
		}
		return candid.Record(fs...), nil
	case candid.KindService:
		return candid.Service(), nil
	}
	return nil, fmt.Errorf("cannot tell the type of %s without the canister's interface; pass --candid", v)
}

// candidJSON turns a Candid value into JSON: numbers stay exact, blobs
// become hex strings, principals text, records objects (tuples arrays),
// variants {"tag": value}, opt null or its content.
func candidJSON(v candid.Value) any {
	switch v.Kind() {
	case candid.KindNull, candid.KindReserved:
		return nil
	case candid.KindBool:
		return v.Bool()
	case candid.KindNat, candid.KindInt, candid.KindNumber:
		if b := v.Big(); b != nil {
			return json.Number(b.String())
		}
		return v.String()
	case candid.KindNat8, candid.KindNat16, candid.KindNat32, candid.KindNat64:
		return v.Uint64()
	case candid.KindInt8, candid.KindInt16, candid.KindInt32, candid.KindInt64:
		return v.Int64()
	case candid.KindFloat32, candid.KindFloat64:
		return v.Float64()
	case candid.KindText:
		return v.Text()
	case candid.KindPrincipal, candid.KindService:
		p, err := principal.FromBytes(v.Bytes())
		if err != nil {
			return fmt.Sprintf("%x", v.Bytes())
		}
		return p.String()
	case candid.KindOpt:
		if inner, ok := v.Opt(); ok {
			return candidJSON(inner)
		}
		return nil
	case candid.KindVec:
		if b := v.Bytes(); b != nil {
			return fmt.Sprintf("%x", b)
		}
		out := make([]any, 0, v.Len())
		for _, e := range v.Elems() {
			out = append(out, candidJSON(e))
		}
		return out
	case candid.KindRecord, candid.KindVariant:
		return fieldsJSON(v)
	}
	return v.String()
}

// fieldsJSON renders records and variants; a tuple (fields 0…n-1 without
// names) becomes an array.
func fieldsJSON(v candid.Value) any {
	fs := v.Fields()
	tuple := v.Kind() == candid.KindRecord && len(fs) > 0
	for i, f := range fs {
		tuple = tuple && f.Name == "" && f.ID == uint32(i)
	}
	if tuple {
		out := make([]any, len(fs))
		for i, f := range fs {
			out[i] = candidJSON(f.Value)
		}
		return out
	}
	out := make(map[string]any, len(fs))
	for _, f := range fs {
		name := f.Name
		if name == "" {
			name = fmt.Sprint(f.ID)
		}
		out[name] = candidJSON(f.Value)
	}
	return out
}
