package upload

import (
	"strconv"
	"strings"
)

// uint64 converts a number to an unsigned integer when it is one exactly:
// decimal or hexadecimal digits, or a decimal with a fraction or exponent
// whose value is a whole number no larger than 2^53 (exact in float64).
func (n jnumber) uint64() (uint64, bool) {
	var v uint64
	var err error
	switch {
	case n.hex:
		v, err = strconv.ParseUint(n.text, 16, 64)
	case !strings.ContainsAny(n.text, ".eE"):
		v, err = strconv.ParseUint(n.text, 10, 64)
	default:
		f, ferr := strconv.ParseFloat(n.text, 64)
		if ferr != nil || f != float64(uint64(f)) || f > 1<<53 {
			return 0, false
		}
		v = uint64(f)
	}
	if err != nil || (n.neg && v != 0) {
		return 0, false
	}
	return v, true
}

// String is the number as header text: integers in decimal (hexadecimal
// converted), other numbers in Go's shortest form.
func (n jnumber) String() string {
	sign := ""
	if n.neg {
		sign = "-"
	}
	if n.hex {
		if v, err := strconv.ParseUint(n.text, 16, 64); err == nil {
			return sign + strconv.FormatUint(v, 10)
		}
		return sign + "0x" + n.text
	}
	if !strings.ContainsAny(n.text, ".eE") {
		return sign + n.text
	}
	f, err := strconv.ParseFloat(n.text, 64)
	if err != nil {
		return sign + n.text
	}
	return sign + strconv.FormatFloat(f, 'g', -1, 64)
}
