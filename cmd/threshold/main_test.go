package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"version"}, 0, "threshold "},
		{[]string{"help"}, 0, "Usage:"},
		{nil, 2, ""},
		{[]string{"frobnicate"}, 2, ""},
	} {
		var out, errb bytes.Buffer
		if code := run(tc.args, &out, &errb); code != tc.code || !strings.Contains(out.String(), tc.out) {
			t.Errorf("run(%v) = %d, %q; want %d, %q", tc.args, code, out.String(), tc.code, tc.out)
		}
		if tc.code != 0 && !strings.Contains(errb.String(), "Usage:") {
			t.Errorf("run(%v): stderr lacks usage: %q", tc.args, errb.String())
		}
	}
}
