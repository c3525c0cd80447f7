package limit

import (
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// gcraScript is GCRA run atomically by Redis on its own clock (TIME), so
// PoPs with skewed clocks still share one bucket. Times are microseconds.
// It returns {1, 0} when the request may pass, {0, wait_us} when not.
var gcraScript = redis.NewScript(`
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local allow_at = tat - tolerance
if now < allow_at then return {0, allow_at - now} end
local next = tat + interval
redis.call('SET', KEYS[1], next, 'PX', math.floor((next - now) / 1000) + 1)
return {1, 0}
`)

// allowRedis runs the script for key; an error means Redis is unusable.
func (l *Limiter) allowRedis(key string) (bool, time.Duration, error) {
	ctx, cancel := l.health.Ctx()
	defer cancel()
	iv := max(l.g.interval/1000, 1)
	res, err := gcraScript.Run(ctx, l.health.Client(), []string{l.prefix + key}, iv, l.g.tolerance/1000).Int64Slice()
	if err != nil {
		return false, 0, err
	}
	if len(res) != 2 {
		return false, 0, fmt.Errorf("limit: redis script answered %d values, want 2", len(res))
	}
	return res[0] == 1, time.Duration(res[1]) * time.Microsecond, nil
}
