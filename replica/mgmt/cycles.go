package mgmt

import (
	"context"
	"errors"
	"math/big"

	"github.com/threshold-ic/threshold/replica/api/candid"
	"github.com/threshold-ic/threshold/replica/exec"
)

var errCyclesRange = errors.New("cycles amount exceeds 2^128-1")

// bigOfCycles converts a 128-bit amount.
func bigOfCycles(c exec.Cycles) *big.Int {
	b := new(big.Int).SetUint64(c.Hi)
	b.Lsh(b, 64)
	return b.Or(b, new(big.Int).SetUint64(c.Lo))
}

// cyclesOfBig converts an amount, saturating at 2^128-1.
func cyclesOfBig(b *big.Int) exec.Cycles {
	if b.Sign() <= 0 {
		return exec.Cycles{}
	}
	if b.Cmp(maxCycles) >= 0 {
		return exec.Cycles{Hi: ^uint64(0), Lo: ^uint64(0)}
	}
	lo := new(big.Int).And(b, new(big.Int).SetUint64(^uint64(0)))
	return exec.Cycles{Hi: new(big.Int).Rsh(b, 64).Uint64(), Lo: lo.Uint64()}
}

// addCycles adds to a balance, saturating at 2^128-1 as the replica does.
func addCycles(c *canister, amount *big.Int) {
	sum := new(big.Int).Add(c.cycles, amount)
	if sum.Cmp(maxCycles) >= 0 {
		sum.Sub(maxCycles, big.NewInt(1))
	}
	c.cycles = sum
}

// provisionalTopUp is provisional_top_up_canister: any caller on a local
// network may add cycles to any canister.
func (t *Table) provisionalTopUp(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.lookup(arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	amount := natValue(field(arg, "amount"))
	if amount.Cmp(maxCycles) >= 0 {
		return nil, errPayload(errCyclesRange)
	}
	addCycles(c, amount)
	return unit(req.Method)
}

// depositCycles is deposit_cycles: a canister gives its attached cycles
// to any canister.
func (t *Table) depositCycles(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	c, rej := t.lookup(arg, "canister_id")
	if rej != nil {
		return nil, rej
	}
	addCycles(c, bigOfCycles(req.Cycles))
	return unit(req.Method)
}

// rawRand is raw_rand: 32 bytes of the request's randomness.
func (t *Table) rawRand(ctx context.Context, req *Request, arg candid.Value) ([]byte, *Reject) {
	return encodeResult(req.Method, candid.BlobValue(req.Random[:]))
}
