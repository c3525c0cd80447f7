package exec

import "bytes"

// maxCertifiedData is the most bytes ic0.certified_data_set accepts.
const maxCertifiedData = 32

// certFuncs: certified data, data certificates and the root key.
var certFuncs = []hostFunc{
	ic0("certified_data_set", ctxCertify, types(i32, i32), nil, func(c *call, s []uint64) {
		if u32(s[1]) > maxCertifiedData {
			c.violation("ic0.certified_data_set: %d bytes exceeds the limit of %d", u32(s[1]), maxCertifiedData)
		}
		c.certifiedData = bytes.Clone(c.read("certified_data_set", u32(s[0]), u32(s[1])))
		if c.certifiedData == nil {
			c.certifiedData = []byte{}
		}
	}),
	ic0("data_certificate_present", ctxAll, nil, types(i32), func(c *call, s []uint64) {
		s[0] = 0
		if c.dataCertificate() != nil {
			s[0] = 1
		}
	}),
	ic0("data_certificate_size", ctxDataCert, nil, types(i32), func(c *call, s []uint64) {
		s[0] = uint64(len(c.dataCertificate()))
	}),
	ic0("data_certificate_copy", ctxDataCert, types(i32, i32, i32), nil, func(c *call, s []uint64) {
		c.copyOut("data_certificate_copy", c.dataCertificate(), u32(s[0]), u32(s[1]), u32(s[2]))
	}),
	ic0("root_key_size", ctxRootKey, nil, types(i32), func(c *call, s []uint64) { s[0] = uint64(len(c.set.RootKey)) }),
	ic0("root_key_copy", ctxRootKey, types(i32, i32, i32), nil, func(c *call, s []uint64) {
		c.copyOut("root_key_copy", c.set.RootKey, u32(s[0]), u32(s[1]), u32(s[2]))
	}),
}

// dataCertificate is the certificate a non-replicated query sees; other
// contexts see none.
func (c *call) dataCertificate() []byte {
	if c.kind != kQuery && c.kind != kCompositeQuery {
		return nil
	}
	return c.msg.DataCertificate
}
