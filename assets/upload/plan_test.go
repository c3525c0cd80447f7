package upload

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/threshold-ic/threshold/assets/wire"
)

func ptr[T any](v T) *T { return &v }

// testAsset is an asset with the given encodings (name=content pairs).
func testAsset(key, contentType string, encs ...string) *Asset {
	a := &Asset{Key: key, ContentType: contentType, AllowRawAccess: ptr(true)}
	for _, e := range encs {
		name, content, _ := strings.Cut(e, "=")
		a.Encodings = append(a.Encodings, newEncoding(name, []byte(content)))
	}
	return a
}

// held is what the canister holds for an asset identical to a.
func held(a *Asset) (wire.AssetDetails, wire.AssetProperties) {
	d := wire.AssetDetails{Key: a.Key, ContentType: a.ContentType}
	for _, e := range a.Encodings {
		sum := e.SHA256
		d.Encodings = append(d.Encodings, wire.AssetEncodingDetails{ContentEncoding: e.Name, SHA256: sum[:], Length: uint64(len(e.Content))})
	}
	return d, wire.AssetProperties{MaxAge: a.MaxAge, Headers: headersOpt(a.Headers), AllowRawAccess: a.AllowRawAccess, IsAliased: a.EnableAliasing}
}

// holding is a Current that holds exactly the assets given.
func holding(as ...*Asset) Current {
	c := Current{Properties: map[string]wire.AssetProperties{}}
	for _, a := range as {
		d, p := held(a)
		c.Assets = append(c.Assets, d)
		c.Properties[a.Key] = p
	}
	return c
}

// describe writes an operation as a short line.
func describe(op Operation) string {
	switch {
	case op.CreateAsset != nil:
		return "create " + op.CreateAsset.Key + " " + op.CreateAsset.ContentType
	case op.SetAssetContent != nil:
		return fmt.Sprintf("set %s %s %q", op.SetAssetContent.Key, op.SetAssetContent.ContentEncoding, op.Content)
	case op.UnsetAssetContent != nil:
		return "unset " + op.UnsetAssetContent.Key + " " + op.UnsetAssetContent.ContentEncoding
	case op.DeleteAsset != nil:
		return "delete " + op.DeleteAsset.Key
	case op.SetAssetProperties != nil:
		p := op.SetAssetProperties
		var what []string
		if p.SetMaxAge {
			what = append(what, "max_age")
		}
		if p.SetHeaders {
			what = append(what, "headers")
		}
		if p.SetAllowRawAccess {
			what = append(what, "allow_raw_access")
		}
		if p.SetIsAliased {
			what = append(what, "is_aliased")
		}
		return "properties " + p.Key + " " + strings.Join(what, ",")
	}
	return "?"
}

func describeAll(p *Plan) []string {
	var out []string
	for _, op := range p.Operations {
		out = append(out, describe(op))
	}
	return out
}

func TestPlan(t *testing.T) {
	html := "text/html; charset=utf-8"
	index := testAsset("/index.html", html, "identity=<p>v2</p>", "gzip=gz2")
	style := testAsset("/style.css", "text/css", "identity=p{}")
	for _, tc := range []struct {
		name    string
		site    []*Asset
		current func() Current
		want    []string
		counts  [4]int // created, updated, deleted, unchanged
	}{
		{
			name:    "new",
			site:    []*Asset{style, index},
			current: func() Current { return Current{} },
			want: []string{"create /index.html " + html, "create /style.css text/css",
				`set /index.html identity "<p>v2</p>"`, `set /index.html gzip "gz2"`, `set /style.css identity "p{}"`},
			counts: [4]int{2, 0, 0, 0},
		},
		{
			name:    "unchanged",
			site:    []*Asset{index, style},
			current: func() Current { return holding(style, index) },
			counts:  [4]int{0, 0, 0, 2},
		},
		{
			name: "changed content",
			site: []*Asset{index, style},
			current: func() Current {
				return holding(testAsset("/index.html", html, "identity=<p>v1</p>", "gzip=gz2"), style)
			},
			want:   []string{`set /index.html identity "<p>v2</p>"`},
			counts: [4]int{0, 1, 0, 1},
		},
		{
			name:    "removed",
			site:    []*Asset{style},
			current: func() Current { return holding(index, style, testAsset("/old.js", "text/javascript", "identity=x")) },
			want:    []string{"delete /index.html", "delete /old.js"},
			counts:  [4]int{0, 0, 2, 1},
		},
		{
			name:    "content type changed",
			site:    []*Asset{style},
			current: func() Current { return holding(testAsset("/style.css", "text/plain", "identity=p{}")) },
			want:    []string{"delete /style.css", "create /style.css text/css", `set /style.css identity "p{}"`},
			counts:  [4]int{0, 1, 0, 0},
		},
		{
			name:    "encoding dropped",
			site:    []*Asset{testAsset("/index.html", html, "identity=<p>v2</p>")},
			current: func() Current { return holding(index) },
			want:    []string{"unset /index.html gzip"},
			counts:  [4]int{0, 1, 0, 0},
		},
		{
			name:    "encoding added",
			site:    []*Asset{index},
			current: func() Current { return holding(testAsset("/index.html", html, "identity=<p>v2</p>")) },
			want:    []string{`set /index.html gzip "gz2"`},
			counts:  [4]int{0, 1, 0, 0},
		},
		{
			name: "encoding without a hash in the canister",
			site: []*Asset{style},
			current: func() Current {
				c := holding(style)
				c.Assets[0].Encodings[0].SHA256 = nil
				return c
			},
			want:   []string{`set /style.css identity "p{}"`},
			counts: [4]int{0, 1, 0, 0},
		},
		{
			name: "properties changed",
			site: []*Asset{func() *Asset {
				a := *style
				a.MaxAge = ptr(uint64(60))
				a.EnableAliasing = ptr(false)
				return &a
			}()},
			current: func() Current { return holding(style) },
			want:    []string{"properties /style.css max_age,is_aliased"},
			counts:  [4]int{0, 1, 0, 0},
		},
		{
			name: "headers changed",
			site: []*Asset{func() *Asset {
				a := *style
				a.Headers = []wire.HeaderField{{Name: "X-A", Value: "2"}}
				return &a
			}()},
			current: func() Current {
				a := *style
				a.Headers = []wire.HeaderField{{Name: "X-A", Value: "1"}}
				return holding(&a)
			},
			want:   []string{"properties /style.css headers"},
			counts: [4]int{0, 1, 0, 0},
		},
		{
			name: "headers in another order, or empty for none, are the same",
			site: []*Asset{func() *Asset {
				a := *style
				a.Headers = []wire.HeaderField{{Name: "A", Value: "1"}, {Name: "B", Value: "2"}}
				return &a
			}(), index},
			current: func() Current {
				c := holding(style, index)
				c.Properties["/style.css"] = wire.AssetProperties{AllowRawAccess: ptr(true),
					Headers: &[]wire.HeaderField{{Name: "B", Value: "2"}, {Name: "A", Value: "1"}}}
				c.Properties["/index.html"] = wire.AssetProperties{AllowRawAccess: ptr(true), Headers: &[]wire.HeaderField{}}
				return c
			},
			counts: [4]int{0, 0, 0, 2},
		},
		{
			name: "unknown properties are all set",
			site: []*Asset{style},
			current: func() Current {
				c := holding(style)
				delete(c.Properties, "/style.css")
				return c
			},
			want:   []string{"properties /style.css max_age,headers,allow_raw_access,is_aliased"},
			counts: [4]int{0, 1, 0, 0},
		},
		{
			name: "operation order",
			site: []*Asset{
				testAsset("/b", "text/plain", "identity=b2"),
				testAsset("/a", "text/plain", "identity=a2"),
				testAsset("/new", "text/plain", "identity=n"),
				testAsset("/c", "text/plain", "identity=c"),
			},
			current: func() Current {
				c := holding(
					testAsset("/gone", "text/plain", "identity=g"),
					testAsset("/b", "text/plain", "identity=b1", "gzip=x"),
					testAsset("/a", "text/plain", "identity=a1"),
					testAsset("/c", "text/plain", "identity=c"),
				)
				c.Properties["/c"] = wire.AssetProperties{}
				return c
			},
			want: []string{"delete /gone", "create /new text/plain", "unset /b gzip",
				`set /a identity "a2"`, `set /b identity "b2"`, `set /new identity "n"`, "properties /c allow_raw_access"},
			counts: [4]int{1, 3, 1, 0},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cur := tc.current()
			before := fmt.Sprint(cur)
			p := MakePlan(&Site{Assets: tc.site}, cur)
			if got := describeAll(p); !slices.Equal(got, tc.want) {
				t.Errorf("operations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if got := [4]int{p.Created, p.Updated, p.Deleted, p.Unchanged}; got != tc.counts {
				t.Errorf("created, updated, deleted, unchanged = %v, want %v", got, tc.counts)
			}
			if p.Empty() != (len(tc.want) == 0) {
				t.Errorf("Empty() = %v with %d operations", p.Empty(), len(p.Operations))
			}
			if fmt.Sprint(cur) != before {
				t.Error("MakePlan modified its argument")
			}
		})
	}
}

func TestPlanOperationArguments(t *testing.T) {
	a := testAsset("/x.js", "text/javascript", "identity=abc")
	a.MaxAge = ptr(uint64(7))
	a.Headers = []wire.HeaderField{{Name: "X", Value: "1"}}
	a.EnableAliasing = ptr(false)
	p := MakePlan(&Site{Assets: []*Asset{a}}, Current{})
	if len(p.Operations) != 2 {
		t.Fatalf("%d operations, want 2", len(p.Operations))
	}
	c := p.Operations[0].CreateAsset
	if c.Key != "/x.js" || *c.MaxAge != 7 || (*c.Headers)[0] != a.Headers[0] || *c.EnableAliasing || !*c.AllowRawAccess {
		t.Errorf("CreateAsset %+v", c)
	}
	s := p.Operations[1].SetAssetContent
	if sum := a.Encodings[0].SHA256; string(s.SHA256) != string(sum[:]) || s.ChunkIDs != nil || s.LastChunk != nil {
		t.Errorf("SetAssetContent %+v: want the SHA-256 and no chunks yet", s)
	}
	if p.ContentBytes() != 3 || p.Encodings() != 1 {
		t.Errorf("ContentBytes %d Encodings %d, want 3, 1", p.ContentBytes(), p.Encodings())
	}
	// Changing the plan's arguments must not reach the site.
	(*c.Headers)[0].Value = "changed"
	if a.Headers[0].Value != "1" {
		t.Error("the plan shares the asset's headers")
	}
}
