package exec

// envFuncs: the canister's environment variables from its settings.
var envFuncs = []hostFunc{
	ic0("env_var_count", ctxAll, nil, types(i32), func(c *call, s []uint64) { s[0] = uint64(len(c.set.EnvVars)) }),
	ic0("env_var_name_size", ctxAll, types(i32), types(i32), func(c *call, s []uint64) {
		s[0] = uint64(len(c.envVar("env_var_name_size", s[0]).Name))
	}),
	ic0("env_var_name_copy", ctxAll, types(i32, i32, i32, i32), nil, func(c *call, s []uint64) {
		v := c.envVar("env_var_name_copy", s[0])
		c.copyOut("env_var_name_copy", []byte(v.Name), u32(s[1]), u32(s[2]), u32(s[3]))
	}),
	ic0("env_var_name_exists", ctxAll, types(i32, i32), types(i32), func(c *call, s []uint64) {
		_, ok := c.envLookup("env_var_name_exists", s[0], s[1])
		s[0] = 0
		if ok {
			s[0] = 1
		}
	}),
	ic0("env_var_value_size", ctxAll, types(i32, i32), types(i32), func(c *call, s []uint64) {
		s[0] = uint64(len(c.envValue("env_var_value_size", s[0], s[1])))
	}),
	ic0("env_var_value_copy", ctxAll, types(i32, i32, i32, i32, i32), nil, func(c *call, s []uint64) {
		v := c.envValue("env_var_value_copy", s[0], s[1])
		c.copyOut("env_var_value_copy", []byte(v), u32(s[2]), u32(s[3]), u32(s[4]))
	}),
}

func (c *call) envVar(name string, index uint64) EnvVar {
	i := u32(index)
	if i >= uint64(len(c.set.EnvVars)) {
		c.violation("ic0.%s: index %d out of range (%d variables)", name, i, len(c.set.EnvVars))
	}
	return c.set.EnvVars[i]
}

func (c *call) envLookup(name string, ptr, size uint64) (string, bool) {
	key := c.text(name, u32(ptr), u32(size))
	for _, v := range c.set.EnvVars {
		if v.Name == key {
			return v.Value, true
		}
	}
	return "", false
}

func (c *call) envValue(name string, ptr, size uint64) string {
	v, ok := c.envLookup(name, ptr, size)
	if !ok {
		c.violation("ic0.%s: no environment variable of that name", name)
	}
	return v
}
