package edge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/threshold-ic/threshold/replica/api/principal"
)

// Config is the edge's configuration: a JSON file (deploy/edge.example.json
// documents every field) overridden by command-line flags. It is validated
// once; a reload (SIGHUP) reads and validates a new one and swaps it in
// whole, or keeps the old one if the new one is invalid.
type Config struct {
	// Network is the path of the network.json that `threshold up` writes
	// (or an operator provides): the root key and the routing table.
	Network string `json:"network"`

	// Listen holds the addresses to serve on.
	Listen Listen `json:"listen"`

	// Domains says which host names map to canisters.
	Domains Domains `json:"domains"`

	// TLS says where certificates come from.
	TLS TLS `json:"tls"`

	// Cache configures the cache of verified answers.
	Cache Cache `json:"cache"`

	// Redis, if Addr is set, shares the cache and the rate-limit counters
	// between edge PoPs.
	Redis Redis `json:"redis"`

	// Limits protects the edge and the replicas.
	Limits Limits `json:"limits"`

	// Timeouts bound every phase of a request.
	Timeouts Timeouts `json:"timeouts"`

	// Log configures the access and event logs.
	Log Log `json:"log"`
}

// Listen holds the edge's addresses. HTTPS serves HTTP/1.1 and HTTP/2 on TCP
// and HTTP/3 on UDP, on the same port.
type Listen struct {
	HTTPS   string `json:"https"`   // default "127.0.0.1:8443"
	HTTP    string `json:"http"`    // default "127.0.0.1:8080"; "" disables it
	Metrics string `json:"metrics"` // default "127.0.0.1:9090"; "" disables it
	// Dev makes the HTTP port serve canisters itself instead of redirecting
	// to HTTPS, as `http://<id>.localhost:4943/` does with dfx: browsers
	// treat http://*.localhost as a secure context.
	Dev bool `json:"dev"`
}

// Domains maps host names to canisters.
type Domains struct {
	// Apex lists the base domains: <id>.<apex>, <id>.raw.<apex> and
	// <name>--<id>.<apex> are served. Default ["localhost"].
	Apex []string `json:"apex"`
	// NoRaw switches the unverified <id>.raw.<apex> names off.
	NoRaw bool `json:"no_raw"`
	// Aliases maps <name>.<apex> to a canister id.
	Aliases map[string]string `json:"aliases"`
	// CustomDomainsFile is a file of "domain canister-id" lines.
	CustomDomainsFile string `json:"custom_domains_file"`
	// NoQueryCanisterID stops ?canisterId=<id> from selecting a canister.
	NoQueryCanisterID bool `json:"no_query_canister_id"`
}

// TLS says where certificates come from: exactly one mode.
type TLS struct {
	// Mode is "local" (a local CA under Dir issues a certificate per host
	// name on demand; development), "acme" or "files".
	Mode string `json:"mode"`
	// Dir keeps the local CA or the ACME account and certificates.
	Dir string `json:"dir"`
	// ACME configures the "acme" mode.
	ACME ACME `json:"acme"`
	// Files lists certificate and key files for the "files" mode.
	Files []CertFile `json:"files"`
}

// ACME configures certificates from an ACME CA.
type ACME struct {
	Email string `json:"email"`
	// CA is the directory URL, required: there is no silent default, pick
	// Let's Encrypt's staging or production directory explicitly.
	CA string `json:"ca"`
	// CARoots is a PEM file of roots to trust for the CA's own TLS (for a
	// test CA such as Pebble).
	CARoots string `json:"ca_roots"`
	// Challenges lists the enabled challenges: "http-01", "tls-alpn-01".
	Challenges []string `json:"challenges"`
}

// CertFile is one certificate chain and its key, PEM.
type CertFile struct {
	Cert string `json:"cert"`
	Key  string `json:"key"`
}

// Cache configures the cache of verified answers.
type Cache struct {
	// Off disables caching.
	Off bool `json:"off"`
	// Size bounds the memory cache in bytes (default 256 MiB).
	Size int64 `json:"size"`
	// MaxItem bounds one cached answer (default 10 MiB).
	MaxItem int64 `json:"max_item"`
	// DefaultTTL is how long an answer that states no freshness
	// (no max-age, s-maxage or Expires) is kept (default 10 s, as
	// ic-gateway does).
	DefaultTTL Duration `json:"default_ttl"`
	// MaxTTL caps what Cache-Control asks for (default 1 h).
	MaxTTL Duration `json:"max_ttl"`
	// StaleIfError bounds how old an answer may be served when every
	// replica of its subnet fails (RFC 5861; default 10 min).
	StaleIfError Duration `json:"stale_if_error"`
	// NoStale never serves stale answers.
	NoStale bool `json:"no_stale"`
}

// Redis is the optional shared store of edge PoPs.
type Redis struct {
	Addr    string   `json:"addr"`
	Timeout Duration `json:"timeout"` // per operation, default 50 ms
}

// Limits protects the edge and the replicas.
type Limits struct {
	// PerIP and PerCanister are request rates (per second) and bursts;
	// zero rates disable the limit.
	PerIP       Rate `json:"per_ip"`
	PerCanister Rate `json:"per_canister"`
	// MaxUpstream caps concurrent requests to replicas (default 1024);
	// beyond it requests wait briefly, then get 503.
	MaxUpstream int `json:"max_upstream"`
	// MaxRequestBody and MaxResponseBody bound bodies in bytes (defaults
	// 10 MiB and 100 MiB).
	MaxRequestBody  int64 `json:"max_request_body"`
	MaxResponseBody int64 `json:"max_response_body"`
	// MaxHeaderBytes bounds a request's headers (default 64 KiB).
	MaxHeaderBytes int `json:"max_header_bytes"`
}

// Rate is a token-bucket rate.
type Rate struct {
	PerSecond float64 `json:"per_second"`
	Burst     int     `json:"burst"`
}

// Timeouts bound every phase of a request.
type Timeouts struct {
	ReadHeader Duration `json:"read_header"` // default 10 s
	Read       Duration `json:"read"`        // default 60 s
	Write      Duration `json:"write"`       // default 60 s
	Idle       Duration `json:"idle"`        // default 120 s
	Upstream   Duration `json:"upstream"`    // one replica request, default 30 s
	Shutdown   Duration `json:"shutdown"`    // drain on SIGTERM, default 30 s
}

// Log configures logging.
type Log struct {
	Format string `json:"format"` // "json" (default) or "text"
	Level  string `json:"level"`  // "debug", "info" (default), "warn", "error"
}

// Duration is a time.Duration written as a Go duration string ("5s").
type Duration time.Duration

// UnmarshalJSON implements json.Unmarshaler.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a duration string like \"5s\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON implements json.Marshaler.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// LoadConfig reads a config file strictly (unknown fields are errors),
// applies defaults and validates it.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("edge config: %w", err)
	}
	var c Config
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("edge config %s: %w", path, err)
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("edge config %s: %w", path, err)
	}
	return &c, nil
}

// ErrConfig is wrapped by every validation error; the message names the
// field.
var ErrConfig = errors.New("invalid field")

func bad(field, format string, args ...any) error {
	return fmt.Errorf("%w %s: %s", ErrConfig, field, fmt.Sprintf(format, args...))
}

// Validate fills in defaults and checks every field, naming the first bad
// one.
func (c *Config) Validate() error {
	c.defaults()
	if c.Network == "" {
		return bad("network", "the path of a network.json is required")
	}
	for name, addr := range map[string]string{"listen.https": c.Listen.HTTPS, "listen.http": c.Listen.HTTP, "listen.metrics": c.Listen.Metrics} {
		if addr == "" && name == "listen.https" {
			return bad(name, "required")
		}
		if addr != "" {
			if _, _, err := net.SplitHostPort(addr); err != nil {
				return bad(name, "%q is not host:port: %v", addr, err)
			}
		}
	}
	for i, a := range c.Domains.Apex {
		if a == "" || strings.ContainsAny(a, " /:*") || strings.HasPrefix(a, ".") {
			return bad(fmt.Sprintf("domains.apex[%d]", i), "%q is not a domain name", a)
		}
	}
	for name, id := range c.Domains.Aliases {
		if name == "" || strings.Contains(name, ".") {
			return bad("domains.aliases", "alias %q must be a single label", name)
		}
		if _, err := principal.Parse(id); err != nil {
			return bad("domains.aliases."+name, "%q is not a canister id: %v", id, err)
		}
	}
	switch c.TLS.Mode {
	case "local":
		if c.TLS.Dir == "" {
			return bad("tls.dir", "the local CA needs a directory")
		}
	case "acme":
		if c.TLS.Dir == "" {
			return bad("tls.dir", "ACME needs a directory for the account and certificates")
		}
		if c.TLS.ACME.CA == "" {
			return bad("tls.acme.ca", "the ACME directory URL is required")
		}
		for i, ch := range c.TLS.ACME.Challenges {
			if ch != "http-01" && ch != "tls-alpn-01" {
				return bad(fmt.Sprintf("tls.acme.challenges[%d]", i), "%q is not http-01 or tls-alpn-01", ch)
			}
		}
	case "files":
		if len(c.TLS.Files) == 0 {
			return bad("tls.files", "the files mode needs at least one certificate")
		}
		for i, f := range c.TLS.Files {
			if f.Cert == "" || f.Key == "" {
				return bad(fmt.Sprintf("tls.files[%d]", i), "cert and key are both required")
			}
		}
	default:
		return bad("tls.mode", "%q is not local, acme or files", c.TLS.Mode)
	}
	for name, v := range map[string]int64{"cache.size": c.Cache.Size, "cache.max_item": c.Cache.MaxItem,
		"limits.max_request_body": c.Limits.MaxRequestBody, "limits.max_response_body": c.Limits.MaxResponseBody} {
		if v < 0 {
			return bad(name, "must not be negative")
		}
	}
	for name, r := range map[string]Rate{"limits.per_ip": c.Limits.PerIP, "limits.per_canister": c.Limits.PerCanister} {
		if r.PerSecond < 0 || r.Burst < 0 || (r.PerSecond > 0 && r.Burst == 0) {
			return bad(name, "per_second and burst must be positive together (or both zero to disable)")
		}
	}
	switch c.Log.Format {
	case "json", "text":
	default:
		return bad("log.format", "%q is not json or text", c.Log.Format)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return bad("log.level", "%q is not debug, info, warn or error", c.Log.Level)
	}
	return nil
}

func (c *Config) defaults() {
	setS := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	setD := func(p *Duration, v time.Duration) {
		if *p == 0 {
			*p = Duration(v)
		}
	}
	setS(&c.Listen.HTTPS, "127.0.0.1:8443")
	if len(c.Domains.Apex) == 0 {
		c.Domains.Apex = []string{"localhost"}
	}
	setS(&c.TLS.Mode, "local")
	if c.Cache.Size == 0 {
		c.Cache.Size = 256 << 20
	}
	setD(&c.Cache.StaleIfError, 10*time.Minute)
	if c.Cache.MaxItem == 0 {
		c.Cache.MaxItem = 10 << 20
	}
	setD(&c.Cache.DefaultTTL, 10*time.Second)
	setD(&c.Cache.MaxTTL, time.Hour)
	setD(&c.Redis.Timeout, 50*time.Millisecond)
	if c.Limits.MaxUpstream == 0 {
		c.Limits.MaxUpstream = 1024
	}
	if c.Limits.MaxRequestBody == 0 {
		c.Limits.MaxRequestBody = 10 << 20
	}
	if c.Limits.MaxResponseBody == 0 {
		c.Limits.MaxResponseBody = 100 << 20
	}
	if c.Limits.MaxHeaderBytes == 0 {
		c.Limits.MaxHeaderBytes = 64 << 10
	}
	setD(&c.Timeouts.ReadHeader, 10*time.Second)
	setD(&c.Timeouts.Read, 60*time.Second)
	setD(&c.Timeouts.Write, 60*time.Second)
	setD(&c.Timeouts.Idle, 120*time.Second)
	setD(&c.Timeouts.Upstream, 30*time.Second)
	setD(&c.Timeouts.Shutdown, 30*time.Second)
	setS(&c.Log.Format, "json")
	setS(&c.Log.Level, "info")
}
