// A canister that serves HTTP through the gateway protocol's http_request.
import Text "mo:core/Text";
import Nat "mo:core/Nat";

persistent actor Http {
  type HeaderField = (Text, Text);
  type HttpRequest = {
    method : Text;
    url : Text;
    headers : [HeaderField];
    body : Blob;
    certificate_version : ?Nat16;
  };
  type HttpResponse = {
    status_code : Nat16;
    headers : [HeaderField];
    body : Blob;
    upgrade : ?Bool;
  };

  var hits : Nat = 0;

  public query func http_request(req : HttpRequest) : async HttpResponse {
    if (req.url == "/update") {
      return { status_code = 200; headers = []; body = ""; upgrade = ?true };
    };
    let page = "<!doctype html><title>Threshold</title><h1>Hello from " # req.url # "</h1><p>hits: " # Nat.toText(hits) # "</p>";
    {
      status_code = 200;
      headers = [("content-type", "text/html; charset=utf-8")];
      body = Text.encodeUtf8(page);
      upgrade = null;
    }
  };

  public func http_request_update(_req : HttpRequest) : async HttpResponse {
    hits += 1;
    {
      status_code = 200;
      headers = [("content-type", "text/plain")];
      body = Text.encodeUtf8("hits: " # Nat.toText(hits));
      upgrade = null;
    }
  };
};
