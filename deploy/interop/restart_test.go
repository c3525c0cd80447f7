package interop

import (
	"testing"
)

// TestRestartAfterKill updates a counter, kills `threshold up` with
// SIGKILL (no checkpoint, no clean shutdown), starts it again on the same
// directory, and checks that every certified update is still there and the
// network goes on: the batch log is synced before a batch executes, and a
// restart replays it.
func TestRestartAfterKill(t *testing.T) {
	requireNodeModules(t)
	dir := t.TempDir()
	u := startUp(t, dir)
	steps := runReplicaScript(t, "@icp-sdk/core", u, "")
	counter, _ := steps["create and install counter"].Value.(string)
	if counter == "" || !steps["request_status of a call"].OK {
		t.Fatalf("setup failed: %+v", steps)
	}
	// inc, inc, a trap, and the inc of the request_status step: 3.
	u.kill(t)

	u2 := startUp(t, dir)
	if u2.net.RootKey != u.net.RootKey {
		t.Fatal("the restarted network has another root key")
	}
	var out struct{ Steps []stepResult }
	node(t, "tamper.mjs", nil, &out, "@dfinity/agent", u2.file, u2.net.APIURL, counter)
	if len(out.Steps) != 2 || out.Steps[0].Value != "3" || out.Steps[1].Value != "4" {
		t.Fatalf("after the restart: %+v, want get = 3 and inc = 4", out.Steps)
	}
	// A clean stop and a third start: the checkpoint path.
	u2.stop(t)
	u3 := startUp(t, dir)
	node(t, "tamper.mjs", nil, &out, "@icp-sdk/core", u3.file, u3.net.APIURL, counter)
	if len(out.Steps) != 2 || out.Steps[0].Value != "4" || out.Steps[1].Value != "5" {
		t.Fatalf("after a clean restart: %+v, want get = 4 and inc = 5", out.Steps)
	}
}
