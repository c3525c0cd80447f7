// The management canister's methods that the interop suite uses, with their
// Candid types from the interface spec's ic.did (§ The IC management
// canister), for either JS agent's IDL.
export function managementIdl({ IDL }) {
  const settings = IDL.Record({
    controllers: IDL.Opt(IDL.Vec(IDL.Principal)),
    compute_allocation: IDL.Opt(IDL.Nat),
    memory_allocation: IDL.Opt(IDL.Nat),
    freezing_threshold: IDL.Opt(IDL.Nat),
  });
  const canisterId = IDL.Record({ canister_id: IDL.Principal });
  const mode = IDL.Variant({
    install: IDL.Null,
    reinstall: IDL.Null,
    upgrade: IDL.Opt(IDL.Record({ skip_pre_upgrade: IDL.Opt(IDL.Bool) })),
  });
  return IDL.Service({
    provisional_create_canister_with_cycles: IDL.Func(
      [IDL.Record({ amount: IDL.Opt(IDL.Nat), settings: IDL.Opt(settings), specified_id: IDL.Opt(IDL.Principal) })],
      [canisterId], []),
    install_code: IDL.Func(
      [IDL.Record({ mode, canister_id: IDL.Principal, wasm_module: IDL.Vec(IDL.Nat8), arg: IDL.Vec(IDL.Nat8) })],
      [], []),
    canister_status: IDL.Func([canisterId], [IDL.Record({
      status: IDL.Variant({ running: IDL.Null, stopping: IDL.Null, stopped: IDL.Null }),
      module_hash: IDL.Opt(IDL.Vec(IDL.Nat8)),
      cycles: IDL.Nat,
    })], []),
    stop_canister: IDL.Func([canisterId], [], []),
    start_canister: IDL.Func([canisterId], [], []),
    delete_canister: IDL.Func([canisterId], [], []),
  });
}
