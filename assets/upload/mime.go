package upload

import (
	"path"
	"strings"
	"unicode/utf8"
)

// Content types come from this table, not from the host's mime.types or
// registry: the same folder gives the same assets on every machine. The
// types are the IANA registrations browsers expect (RFC 9239 for
// JavaScript, RFC 8259 for JSON, the WebAssembly JS API's
// application/wasm, which instantiateStreaming requires exactly).
//
// Charset: text/* types get "; charset=utf-8" when the file is valid
// UTF-8, and no parameter otherwise. Without it a browser decodes a .txt
// or .csv file (and HTML or CSS without a <meta charset> or @charset) as
// windows-1252, garbling every non-ASCII character; a file that is not
// UTF-8 must not be labelled as if it were. Other types carry their
// encoding in the format (JSON is always UTF-8, XML and SVG declare
// theirs), so they get no parameter. dfx's mime_guess adds none; a folder
// synced by dfx before therefore has its text assets recreated on the
// first sync here (their content type changed).

// mimeType is one row of the table.
type mimeType struct {
	typ string
	// compress: worth compressing (text and uncompressed binary formats);
	// false for formats that are compressed already.
	compress bool
}

// defaultType is what a file with an unknown extension gets.
const defaultType = "application/octet-stream"

var mimeTypes = map[string]mimeType{
	// Web pages and code.
	"html":        {"text/html", true},
	"htm":         {"text/html", true},
	"xhtml":       {"application/xhtml+xml", true},
	"css":         {"text/css", true},
	"js":          {"text/javascript", true},
	"mjs":         {"text/javascript", true},
	"cjs":         {"text/javascript", true},
	"json":        {"application/json", true},
	"map":         {"application/json", true}, // source maps
	"jsonld":      {"application/ld+json", true},
	"webmanifest": {"application/manifest+json", true},
	"wasm":        {"application/wasm", true},
	"xml":         {"application/xml", true},
	"rss":         {"application/rss+xml", true},
	"atom":        {"application/atom+xml", true},
	"txt":         {"text/plain", true},
	"md":          {"text/markdown", true},
	"csv":         {"text/csv", true},
	"tsv":         {"text/tab-separated-values", true},
	"ics":         {"text/calendar", true},
	"vtt":         {"text/vtt", true},
	"yaml":        {"application/yaml", true},
	"yml":         {"application/yaml", true},
	"toml":        {"application/toml", true},
	"did":         {"text/plain", true}, // Candid interfaces
	"pdf":         {"application/pdf", false},
	// Images.
	"svg":  {"image/svg+xml", true},
	"ico":  {"image/x-icon", true},
	"bmp":  {"image/bmp", true},
	"png":  {"image/png", false},
	"apng": {"image/apng", false},
	"jpg":  {"image/jpeg", false},
	"jpeg": {"image/jpeg", false},
	"gif":  {"image/gif", false},
	"webp": {"image/webp", false},
	"avif": {"image/avif", false},
	"tif":  {"image/tiff", true},
	"tiff": {"image/tiff", true},
	// Fonts.
	"woff":  {"font/woff", false},
	"woff2": {"font/woff2", false},
	"ttf":   {"font/ttf", true},
	"otf":   {"font/otf", true},
	"eot":   {"application/vnd.ms-fontobject", true},
	// Audio and video.
	"mp3":  {"audio/mpeg", false},
	"m4a":  {"audio/mp4", false},
	"aac":  {"audio/aac", false},
	"ogg":  {"audio/ogg", false},
	"oga":  {"audio/ogg", false},
	"opus": {"audio/opus", false},
	"flac": {"audio/flac", false},
	"wav":  {"audio/wav", true},
	"mp4":  {"video/mp4", false},
	"m4v":  {"video/mp4", false},
	"webm": {"video/webm", false},
	"ogv":  {"video/ogg", false},
	"mov":  {"video/quicktime", false},
	// Archives and downloads.
	"zip": {"application/zip", false},
	"gz":  {"application/gzip", false},
	"tgz": {"application/gzip", false},
	"br":  {"application/x-brotli", false},
	"zst": {"application/zstd", false},
	"tar": {"application/x-tar", true},
}

// contentType returns the content type of a file named name with the
// given content, and whether it is worth compressing.
func contentType(name string, content []byte) (string, bool) {
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
	m, ok := mimeTypes[ext]
	if !ok || ext == "" {
		return defaultType, false
	}
	if strings.HasPrefix(m.typ, "text/") && utf8.Valid(content) {
		return m.typ + "; charset=utf-8", m.compress
	}
	return m.typ, m.compress
}
