package layering

// Module is the import path of the Threshold module.
const Module = "github.com/threshold-ic/threshold"

// A rule says which packages of ours a group of packages may import.
// Packages are matched by path prefix relative to the module root; the
// longest matching prefix wins.
type rule struct {
	// prefix selects the packages the rule applies to ("certify" matches
	// certify and certify/...).
	prefix string
	// allow lists the prefixes of our packages they may import.
	allow []string
	// forbidStd lists standard-library packages they may not import.
	forbidStd []string
}

// rules is DESIGN.md's package map, "The package map" table, plus
// STYLE.md rule 4.
var rules = []rule{
	{prefix: "certify", allow: []string{"certify"}},
	{prefix: "replica", allow: []string{"replica", "certify", "subnet"}},
	{prefix: "replica/api", allow: []string{"replica/api", "certify"}},
	{prefix: "subnet", allow: []string{"subnet", "certify", "replica/api"}},
	// The protocol cores are pure: no network, no clock-driven I/O
	// (STYLE.md rules 1 and 4).
	{prefix: "subnet/consensus", allow: []string{"subnet/consensus", "certify", "replica/api"},
		forbidStd: []string{"net", "net/http", "os", "time/tzdata"}},
	{prefix: "replica/exec", allow: []string{"replica/exec", "certify"}, forbidStd: []string{"net", "net/http"}},
	{prefix: "edge", allow: []string{"edge", "certify", "replica/api", "subnet/registry"}},
	{prefix: "dns", allow: []string{"dns", "subnet/registry"}},
	{prefix: "assets", allow: []string{"assets", "certify", "replica/api"}},
	// The canister's packages build for wasip1: no certify root (its BLS
	// is cgo), no network, no host files or processes.
	{prefix: "assets/store", allow: canisterSide, forbidStd: canisterForbidden},
	{prefix: "assets/wire", allow: canisterSide, forbidStd: canisterForbidden},
	{prefix: "assets/canister", allow: canisterSide, forbidStd: canisterForbidden},
	// The folder sync reaches the canister only through its Canister
	// interface.
	{prefix: "assets/upload", allow: []string{"assets", "certify", "replica/api"}, forbidStd: []string{"net", "net/http", "net/url"}},
	{prefix: "cmd", allow: []string{""}},
	{prefix: "internal", allow: []string{"internal"}},
	{prefix: "internal/rvjs", allow: []string{"internal", "certify"}},
}

// canisterSide are the packages a canister compiled to wasip1 may use.
var canisterSide = []string{"assets/store", "assets/wire", "certify/httpcert", "certify/hashtree", "certify/cbor",
	"certify/rih", "certify/leb128", "replica/api/candid", "replica/api/principal"}

var canisterForbidden = []string{"net", "net/http", "os", "os/exec"}

// testOnly are packages that only tests may import.
var testOnly = []string{"internal/vectors", "internal/rvjs"}

// neverImported are packages that no other package may import, test or not.
var neverImported = []string{"cmd", "deploy"}
