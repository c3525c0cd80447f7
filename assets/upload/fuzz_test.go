package upload

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
)

// FuzzJSON5: any input parses or gives a *JSONError, never a panic; what
// parses renders to canonical JSON that parses to the same rendering.
func FuzzJSON5(f *testing.F) {
	for _, tc := range json5Valid {
		f.Add([]byte(tc.in))
	}
	f.Add([]byte(sampleConfig))
	f.Add([]byte(`[1, Infinity, NaN, -0x, '\u`))
	f.Fuzz(func(t *testing.T, src []byte) {
		v, err := parseJSON5(src)
		if err != nil {
			var je *JSONError
			if !errors.As(err, &je) || je.Line < 1 || je.Col < 1 {
				t.Fatalf("error %v is not a *JSONError with a position", err)
			}
			return
		}
		once := render(v)
		w, err := parseJSON5([]byte(once))
		if err != nil {
			t.Fatalf("rendering %q does not parse: %v", once, err)
		}
		if twice := render(w); twice != once {
			t.Fatalf("rendering changed: %q then %q", once, twice)
		}
	})
}

// FuzzParseConfig: a configuration file gives rules or a *ConfigError.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(sampleConfig))
	f.Add([]byte(`[{match: "*", headers: null, cache: {max_age: 0x10}, encodings: ["br"]}]`))
	f.Add([]byte(`[{match: "{a,b", bogus: 1}]`))
	f.Fuzz(func(t *testing.T, src []byte) {
		rules, err := parseConfig("fuzz.json5", src)
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || !strings.HasPrefix(ce.Error(), "upload: fuzz.json5:") {
				t.Fatalf("error %v is not a *ConfigError naming the file", err)
			}
			return
		}
		for _, r := range rules {
			if r.match == nil {
				t.Fatal("a rule without a pattern was accepted")
			}
			r.match.match("a/b.html")
		}
	})
}

// FuzzGlob: any pattern compiles or is refused, never a panic; a literal
// pattern (no special characters) matches exactly itself.
func FuzzGlob(f *testing.F) {
	for _, tc := range globCases {
		f.Add(tc.pattern, "a/b/c.js")
	}
	f.Add("[", "x")
	f.Add(`a\`, "a")
	f.Add("{a,{b}}", "b")
	f.Fuzz(func(t *testing.T, pattern, path string) {
		g, err := compileGlob(pattern)
		if err != nil {
			return
		}
		g.match(path)
		literal := !strings.ContainsAny(pattern, `*?[]{},\`) && !strings.HasPrefix(pattern, "/") &&
			!strings.HasPrefix(pattern, "./") && !strings.HasSuffix(pattern, "/")
		if literal && !g.match(pattern) {
			t.Fatalf("literal pattern %q does not match itself", pattern)
		}
	})
}

// FuzzCacheEntry: a compression cache entry (a file anyone may have
// changed) is accepted only when it is exactly the line formatEntry
// writes, never with a panic.
func FuzzCacheEntry(f *testing.F) {
	id := sha256.Sum256([]byte("identity"))
	tag := encoderTag(encBrotli)
	good := formatEntry(id, tag, sha256.Sum256([]byte("br")), 4321)
	f.Add(good)
	f.Add(good[:40])
	f.Add([]byte("compress-v1 x y z 1 c\n"))
	f.Add(formatEntry(id, tag, [32]byte{}, 1<<62))
	f.Fuzz(func(t *testing.T, b []byte) {
		sum, n, ok := parseEntry(b, id, tag)
		if !ok {
			if sum != ([32]byte{}) || n != 0 {
				t.Fatalf("refused entry gave %x, %d", sum, n)
			}
			return
		}
		if !bytes.Equal(formatEntry(id, tag, sum, n), b) || n < 0 {
			t.Fatalf("accepted %q, which is not the entry of %x, %d", b, sum, n)
		}
	})
}
