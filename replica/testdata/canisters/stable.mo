// State that survives an upgrade: a persistent actor's variables are
// stable, written to stable memory before the upgrade and read back after.
import Array "mo:core/Array";

persistent actor Stable {
  var value : Text = "";
  var history : [Text] = [];
  var upgrades : Nat = 0;

  public func set(v : Text) : async () {
    value := v;
    history := Array.concat(history, [v]);
  };

  public query func get() : async Text { value };

  public query func log() : async [Text] { history };

  public query func upgraded() : async Nat { upgrades };

  system func postupgrade() {
    upgrades += 1;
  };
};
