//go:build wasip1

package main

// env is store.Env over the System API for one message.
type env struct{}

func (env) Caller() []byte { return caller() }
func (env) Time() uint64   { return icTime() }

func (env) CanisterID() []byte { return copied(canisterSelfSize(), canisterSelfCopy) }

func (env) IsController(p []byte) bool {
	return len(p) > 0 && isController(ptr(p), uint32(len(p))) == 1
}

func (env) DataCertificate() []byte {
	if dataCertificatePresent() != 1 {
		return nil
	}
	return copied(dataCertificateSize(), dataCertificateCopy)
}

func (env) SetCertifiedData(d []byte) { certifiedDataSet(ptr(d), uint32(len(d))) }
