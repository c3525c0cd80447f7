package wire

// The converters of get_configuration and configure: the canister's
// limits on batches, chunks and bytes.

var configurationResponse = record(
	fieldOf("max_batches", opt(nat64), func(c *ConfigurationResponse) **uint64 { return &c.MaxBatches }),
	fieldOf("max_chunks", opt(nat64), func(c *ConfigurationResponse) **uint64 { return &c.MaxChunks }),
	fieldOf("max_bytes", opt(nat64), func(c *ConfigurationResponse) **uint64 { return &c.MaxBytes }),
)

var configureArguments = record(
	optOpt("max_batches", nat64,
		func(c *ConfigureArguments) *bool { return &c.SetMaxBatches },
		func(c *ConfigureArguments) **uint64 { return &c.MaxBatches }),
	optOpt("max_chunks", nat64,
		func(c *ConfigureArguments) *bool { return &c.SetMaxChunks },
		func(c *ConfigureArguments) **uint64 { return &c.MaxChunks }),
	optOpt("max_bytes", nat64,
		func(c *ConfigureArguments) *bool { return &c.SetMaxBytes },
		func(c *ConfigureArguments) **uint64 { return &c.MaxBytes }),
)
