package compress

import "strings"

// Compressible reports whether a Content-Type names a representation that
// shrinks under brotli or gzip: text, JSON, JavaScript, XML, SVG, WebAssembly,
// web manifests and uncompressed fonts. Images, audio, video, archives and
// WOFF fonts are compressed already.
func Compressible(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if strings.HasPrefix(mt, "text/") {
		return true
	}
	if strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+xml") {
		return true
	}
	switch mt {
	case "application/json", "application/javascript", "application/x-javascript",
		"application/ecmascript", "application/xml", "application/wasm",
		"application/cbor", "application/candid", "application/x-ndjson",
		"application/vnd.ms-fontobject", "font/ttf", "font/otf",
		"application/x-font-ttf", "application/x-font-opentype", "image/x-icon",
		"image/vnd.microsoft.icon", "image/bmp":
		return true
	}
	return false
}
