package localnet

import (
	"net/http"
	"strings"

	"github.com/threshold-ic/threshold/replica/api/principal"
	"github.com/threshold-ic/threshold/replica/node"
)

// router serves the IC HTTP API of a whole local network on one address,
// as the IC's API boundary nodes do: a request for /api/<v>/canister/<id>/…
// goes to a node of the subnet whose canister ranges hold id, one for
// /api/<v>/subnet/<id>/… to a node of that subnet, and /api/v2/status to
// the application subnet. Ids that no subnet hosts go to the application
// subnet, which answers with the replica's own error.
type router struct {
	subnets []routedSubnet
	deflt   http.Handler
}

type routedSubnet struct {
	info    node.Subnet
	handler http.Handler
}

func (rt *router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt.pick(r.URL.Path).ServeHTTP(w, r)
}

// pick chooses the handler for an API path.
func (rt *router) pick(path string) http.Handler {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/") // api, vN, canister|subnet, id, …
	if len(parts) < 4 || parts[0] != "api" {
		return rt.deflt
	}
	id, err := principal.Parse(parts[3])
	if err != nil {
		return rt.deflt
	}
	for _, s := range rt.subnets {
		switch parts[2] {
		case "subnet":
			if s.info.ID == id {
				return s.handler
			}
		case "canister":
			for _, r := range s.info.Ranges {
				if r.Contains(id) {
					return s.handler
				}
			}
		}
	}
	return rt.deflt
}
