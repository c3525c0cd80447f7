package exec

import "testing"

// FuzzValidateModule: validation of any bytes returns an error or a
// module, never a panic.
func FuzzValidateModule(f *testing.F) {
	f.Add(specModule().bytes())
	f.Add([]byte{0, 'a', 's', 'm', 1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		if raw, err := decodeModule(b, 1<<20); err == nil {
			validateModule(raw)
		}
	})
}
