package gateway

import (
	"encoding/json"
	"html/template"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// pageTemplate is the error page: self-contained, no external resources.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Status}} {{.Title}}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px;word-break:break-all}
p.meta{color:#666;font-size:.875rem}</style></head>
<body><h1>{{.Title}}</h1><p>{{.Detail}}</p>
{{if .Canister}}<p class="meta">Canister <code>{{.Canister}}</code></p>{{end}}
<p class="meta">{{.Status}} · <code>{{.Code}}</code> · Threshold edge</p></body></html>
`))

type pageData struct {
	Status   int    `json:"status"`
	Code     string `json:"error"`
	Title    string `json:"title"`
	Detail   string `json:"detail"`
	Canister string `json:"canister,omitempty"`
}

// writePage writes the error page of c: HTML for browsers, JSON otherwise.
func writePage(w http.ResponseWriter, r *http.Request, c *Cause, canister string) {
	d := pageData{Status: c.Status, Code: c.Code, Title: c.Title, Detail: c.Detail, Canister: canister}
	var body strings.Builder
	h := w.Header()
	if wantsHTML(r.Header.Values("Accept")) {
		h.Set("Content-Type", "text/html; charset=utf-8")
		if err := pageTemplate.Execute(&body, d); err != nil {
			panic("gateway: error page template: " + err.Error()) // broken invariant: the template is fixed
		}
	} else {
		h.Set("Content-Type", "application/json")
		b, _ := json.Marshal(d)
		body.Write(b)
		body.WriteByte('\n')
	}
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(body.Len()))
	if c.Status == http.StatusMethodNotAllowed {
		h.Set("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
	}
	w.WriteHeader(c.Status)
	if r.Method != http.MethodHead {
		w.Write([]byte(body.String()))
	}
}

// wantsHTML reports whether the client is a browser that prefers HTML:
// its Accept header lists text/html with a quality at least that of
// application/json. Clients without text/html in Accept (curl's */*,
// agents, fetch() asking for JSON) get JSON.
func wantsHTML(accept []string) bool {
	htmlQ, jsonQ := -1.0, -1.0
	for _, line := range accept {
		for _, part := range strings.Split(line, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				if v, err := strconv.ParseFloat(s, 64); err == nil {
					q = v
				}
			}
			switch mt {
			case "text/html", "application/xhtml+xml":
				htmlQ = max(htmlQ, q)
			case "application/json":
				jsonQ = max(jsonQ, q)
			}
		}
	}
	return htmlQ > 0 && htmlQ >= jsonQ
}
