package exec

// The fee schedule behind ic0.cost_*: the constants of a 13-node
// application subnet on the IC, fixed here so that every replica computes
// the same costs. They move to configuration with cycles accounting.
const (
	feeXnetCall             = 260_000
	feeXnetBytePerByte      = 1_000
	feeCanisterCreation     = 500_000_000_000
	feeHTTPRequestBase      = 49_140_000 // (3,000,000 + 60,000·13)·13
	feeHTTPRequestPerByte   = 5_200      // 400·13
	feeHTTPResponsePerByte  = 10_400     // 800·13
	costUnknownThresholdKey = 2          // return value: no such key name
)

// costFuncs: cycle costs of operations, written as 128-bit amounts.
var costFuncs = []hostFunc{
	ic0("cost_call", ctxAny, types(i64, i64, i32), nil, func(c *call, s []uint64) {
		c.writeCost("cost_call", s[2], mulAdd(feeXnetBytePerByte, satAdd(s[0], s[1]), feeXnetCall))
	}),
	ic0("cost_create_canister", ctxAny, types(i32), nil, func(c *call, s []uint64) {
		c.writeCost("cost_create_canister", s[0], Cycles{Lo: feeCanisterCreation})
	}),
	ic0("cost_http_request", ctxAny, types(i64, i64, i32), nil, func(c *call, s []uint64) {
		req := mulAdd(feeHTTPRequestPerByte, s[0], feeHTTPRequestBase)
		res := mulAdd(feeHTTPResponsePerByte, s[1], 0)
		sum, _ := req.Add(res)
		c.writeCost("cost_http_request", s[2], sum)
	}),
	// No threshold keys exist yet: every key name is unknown.
	ic0("cost_sign_with_ecdsa", ctxAny, types(i32, i32, i32, i32), types(i32), costThreshold("cost_sign_with_ecdsa")),
	ic0("cost_sign_with_schnorr", ctxAny, types(i32, i32, i32, i32), types(i32), costThreshold("cost_sign_with_schnorr")),
	ic0("cost_vetkd_derive_key", ctxAny, types(i32, i32, i32, i32), types(i32), costThreshold("cost_vetkd_derive_key")),
}

func costThreshold(name string) func(*call, []uint64) {
	return func(c *call, s []uint64) {
		c.read(name, u32(s[0]), u32(s[1]))
		s[0] = costUnknownThresholdKey
	}
}

func (c *call) writeCost(name string, dst uint64, amount Cycles) {
	c.write(name, u32(dst), amount.bytes())
}

// mulAdd returns a·b+k as 128 bits.
func mulAdd(a, b, k uint64) Cycles {
	var x Cycles
	for i := 0; i < 64; i++ { // shift-and-add keeps this dependency-free
		if b&(1<<i) != 0 {
			x, _ = x.Add(Cycles{Hi: shiftHi(a, i), Lo: a << i})
		}
	}
	x, _ = x.Add(Cycles{Lo: k})
	return x
}

func shiftHi(a uint64, i int) uint64 {
	if i == 0 {
		return 0
	}
	return a >> (64 - i)
}

func satAdd(a, b uint64) uint64 {
	if a+b < a {
		return maxU64
	}
	return a + b
}
