// A query that answers from its argument alone.
persistent actor Greet {
  public query func greet(name : Text) : async Text {
    "Hello, " # name # "!"
  };
};
