package compress

import "testing"

// RFC 9110 section 12.5.3: Accept-Encoding with q-values.
func TestParseAccept(t *testing.T) {
	tests := []struct {
		name   string
		header string
		set    Coding
		prefer Coding
	}{
		{"absent", "", 0, 0},
		{"browser", "gzip, deflate, br, zstd", Br | Gzip | Zstd | Deflate, Br},
		{"gzip only", "gzip", Gzip, Gzip},
		{"x-gzip is gzip", "x-gzip", Gzip, Gzip},
		{"higher q wins", "br;q=0.5, gzip;q=0.8", Br | Gzip, Gzip},
		{"tie prefers brotli", "gzip;q=0.5, br;q=0.5", Br | Gzip, Br},
		{"q=0 refuses", "br;q=0, gzip", Gzip, Gzip},
		{"star covers the unlisted", "*", Br | Gzip | Zstd | Deflate, Br},
		{"star with refusal", "*;q=0.1, br;q=0", Gzip | Zstd | Deflate, Gzip},
		{"star refused", "*;q=0", 0, 0},
		{"identity only", "identity", 0, 0},
		{"case and spaces", " GZip ; Q=1 ,BR", Br | Gzip, Br},
		{"malformed q refuses", "br;q=abc, gzip", Gzip, Gzip},
		{"q above 1 refuses", "br;q=2", 0, 0},
		{"unknown ignored", "compress, sdch", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ParseAccept(tt.header)
			if a.Set != tt.set || a.Prefer != tt.prefer {
				t.Fatalf("ParseAccept(%q) = set %04b prefer %v, want set %04b prefer %v", tt.header, a.Set, a.Prefer, tt.set, tt.prefer)
			}
		})
	}
}

func TestAcceptKeyDistinguishesSets(t *testing.T) {
	seen := map[string]Coding{}
	for s := Coding(0); s < 16; s++ {
		k := Accept{Set: s}.Key()
		if prev, ok := seen[k]; ok {
			t.Fatalf("sets %04b and %04b share key %q", prev, s, k)
		}
		seen[k] = s
	}
	if ParseAccept("gzip, deflate, br").Key() != ParseAccept("br,deflate , gzip;q=0.9").Key() {
		t.Fatal("the same set in another order must give the same key")
	}
}

func TestCodingOf(t *testing.T) {
	for ce, want := range map[string]Coding{"": 0, "identity": 0, "br": Br, "GZIP": Gzip, "x-gzip": Gzip, "zstd": Zstd, "deflate": Deflate} {
		if c, ok := CodingOf(ce); !ok || c != want {
			t.Errorf("CodingOf(%q) = %v, %v", ce, c, ok)
		}
	}
	if _, ok := CodingOf("compress"); ok {
		t.Error("an unknown coding must not be known")
	}
}

func FuzzParseAccept(f *testing.F) {
	for _, s := range []string{"", "gzip, br;q=0.5", "*;q=0", ";;,,=q", "br;q=1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := ParseAccept(s)
		if a.Prefer != 0 && a.Set&a.Prefer == 0 {
			t.Fatalf("prefers %v outside set %04b", a.Prefer, a.Set)
		}
	})
}
