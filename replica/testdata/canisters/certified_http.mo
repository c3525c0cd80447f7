// A canister that serves web pages through the HTTP gateway protocol with
// every answer certified by response verification v2 (PROTOCOL.md §8.3–8.7;
// IC HTTP gateway spec, "Response Verification"). The certification is
// response-only: the certified parts are the status code, the body and the
// content-type header, not the request.
//
//   /, /index.html   home page                     200, exact path
//   /about           a short page                  200, exact path
//   /data.json       {"name":…,"hits":N}          200, exact path
//   /large.html      106,315 bytes in 4 chunks of at most 32 KiB through
//                    http_request_streaming_callback; certified as a whole
//   anything else    "not found"                   404, wildcard http_expr/""/<*>
//   /update          upgrade = ?true -> http_request_update (hits += 1,
//                    /data.json re-certified)
//
// set_page(path, content_type, body) adds or replaces a page and
// re-certifies. The certification tree is rebuilt and certified_data set at
// install, after every upgrade and after every update that changes a page.
//
// Speed: a query's changes are discarded, so whatever a query could cache
// would be lost. Everything of an answer that changes only with the tree
// is therefore computed in certify, which runs in update contexts: for
// every page its headers and the IC-Certificate header's tail (the
// witness tree's and the expr_path's CBOR in base64). An exact-path query
// only base64-encodes the data certificate, which changes with every block
// and is seen by queries alone, and joins it to the tail. The fallback's
// witness depends on the request path and is still built per query.
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import CertifiedData "mo:core/CertifiedData";
import List "mo:core/List";
import Nat "mo:core/Nat";
import Nat8 "mo:core/Nat8";
import Nat16 "mo:core/Nat16";
import Nat32 "mo:core/Nat32";
import Nat64 "mo:core/Nat64";
import Runtime "mo:core/Runtime";
import Text "mo:core/Text";
import VarArray "mo:core/VarArray";

persistent actor CertifiedHttp {

  // ---------------------------------------------------------------------
  // Candid interface of an HTTP canister (PROTOCOL.md §8.1). The streaming
  // token has the asset canister's shape so that every gateway knows it.
  // ---------------------------------------------------------------------
  type HeaderField = (Text, Text);
  type HttpRequest = {
    method : Text;
    url : Text;
    headers : [HeaderField];
    body : Blob;
    certificate_version : ?Nat16;
  };
  type HttpUpdateRequest = {
    method : Text;
    url : Text;
    headers : [HeaderField];
    body : Blob;
  };
  type StreamingToken = {
    key : Text;
    content_encoding : Text;
    index : Nat;
    sha256 : ?Blob;
  };
  type StreamingCallbackHttpResponse = { body : Blob; token : ?StreamingToken };
  type StreamingStrategy = {
    #Callback : {
      callback : shared query StreamingToken -> async StreamingCallbackHttpResponse;
      token : StreamingToken;
    };
  };
  type HttpResponse = {
    status_code : Nat16;
    headers : [HeaderField];
    body : Blob;
    upgrade : ?Bool;
    streaming_strategy : ?StreamingStrategy;
  };

  // ---------------------------------------------------------------------
  // Pages (kept across upgrades; a persistent actor's vars are stable).
  // ---------------------------------------------------------------------
  type Page = { contentType : Text; chunks : [Blob] };

  func homeBody() : Blob {
    Text.encodeUtf8("<!doctype html><html><head><meta charset=\"utf-8\"><title>Threshold</title></head><body><h1>Hello from a certified canister</h1><p><a href=\"/about\">about</a> <a href=\"/data.json\">data</a> <a href=\"/large.html\">large</a></p></body></html>\n");
  };

  // About 106 KB of HTML: more than one chunk, so it is streamed.
  func largeBody() : Blob {
    var t = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Large page</title></head><body><h1>A page served in chunks</h1>\n";
    for (i in Nat.range(0, 800)) {
      t #= "<p id=\"p" # Nat.toText(i) # "\">Paragraph " # Nat.toText(i) # " of the large page: the gateway follows the streaming callback to the end and verifies the whole body.</p>\n";
    };
    Text.encodeUtf8(t # "</body></html>\n");
  };

  func html(body : Blob) : Page { page("text/html; charset=utf-8", body) };

  func page(contentType : Text, body : Blob) : Page {
    { contentType; chunks = split(body, chunkSize) };
  };

  // /data.json is generated from the state, so that an update changes it.
  func dataPage() : Page {
    page("application/json", Text.encodeUtf8("{\"name\":\"threshold\",\"certified\":true,\"hits\":" # Nat.toText(hits) # "}"));
  };

  // ---------------------------------------------------------------------
  // HTTP interface.
  // ---------------------------------------------------------------------
  public query func http_request(req : HttpRequest) : async HttpResponse {
    // Upgrade to an update call (PROTOCOL.md §8.1): the gateway then calls
    // http_request_update and does not verify this answer.
    if (pathOf(req.url) == "/update") {
      return { status_code = 200; headers = []; body = ""; upgrade = ?true; streaming_strategy = null };
    };
    let (route, reveal) = switch (segmentsOf(req.url)) {
      case null (notFound, [notFound.leafPath]);
      case (?segs) {
        switch (findRoute(segs)) {
          case (?r) (r, [r.leafPath]);
          // The fallback answers under the wildcard; the witness must prove
          // that no exact path and no more specific wildcard exists (§8.5).
          case null (notFound, Array.concat([notFound.leafPath], absencePaths(segs)));
        };
      };
    };
    let headers : [HeaderField] = switch (CertifiedData.getCertificate()) {
      case (?cert) {
        // An exact route's tail was computed by certify; the fallback's
        // witness names the request path, so it is built here.
        let tail = if (route.certTail != "") route.certTail else certificateTail(witness(tree, reveal, 0), route.exprPath);
        [route.headers[0], route.headers[1], ("IC-Certificate", "certificate=:" # base64(cert) # tail)];
      };
      case null route.headers; // replicated execution: no certificate to hand out
    };
    let chunks = route.page.chunks;
    {
      status_code = route.status;
      headers;
      body = chunks[0];
      upgrade = null;
      streaming_strategy = if (chunks.size() <= 1) null else ?#Callback({
        callback = http_request_streaming_callback;
        token = { key = route.key; content_encoding = "identity"; index = 1; sha256 = ?route.bodyHash };
      });
    };
  };

  // Chunks 1… of a streamed page. The token names the whole body's hash so
  // that a page replaced in the middle of a stream is refused, not mixed.
  public query func http_request_streaming_callback(token : StreamingToken) : async StreamingCallbackHttpResponse {
    let route = switch (findRouteByKey(token.key)) {
      case (?r) r;
      case null Runtime.trap("no such streamed page: " # token.key);
    };
    if (token.sha256 != ?route.bodyHash) Runtime.trap("page changed while streaming: " # token.key);
    let chunks = route.page.chunks;
    if (token.index >= chunks.size()) Runtime.trap("no chunk " # Nat.toText(token.index));
    {
      body = chunks[token.index];
      token = if (token.index + 1 >= chunks.size()) null else ?{ token with index = token.index + 1 };
    };
  };

  public func http_request_update(req : HttpUpdateRequest) : async HttpResponse {
    if (pathOf(req.url) != "/update") {
      return { status_code = 404; headers = [("content-type", "text/plain")]; body = "not found"; upgrade = null; streaming_strategy = null };
    };
    hits += 1;
    certify();
    {
      status_code = 200;
      headers = [("content-type", "text/plain")];
      body = Text.encodeUtf8("hits: " # Nat.toText(hits));
      upgrade = null;
      streaming_strategy = null;
    };
  };

  // Adds or replaces the page at path and certifies the new tree.
  public func set_page(path : Text, contentType : Text, body : Text) : async () {
    // The path is stored as given and certified at its decoded segments,
    // so it must be in normal form: no "//", "%", "?" or "#".
    if (not Text.startsWith(path, #char '/')) Runtime.trap("set_page: the path must start with /");
    for (bad in ["//", "%", "?", "#"].vals()) {
      if (Text.contains(path, #text bad)) Runtime.trap("set_page: the path must not contain " # bad);
    };
    if (path == "/update" or path == "/data.json") Runtime.trap("set_page: " # path # " is generated");
    let p = page(contentType, Text.encodeUtf8(body));
    pages := Array.concat(Array.filter<(Text, Page)>(pages, func((k, _)) = k != path), [(path, p)]);
    certify();
  };

  public query func hit_count() : async Nat { hits };

  system func postupgrade() { certify() };

  // ---------------------------------------------------------------------
  // Certification (PROTOCOL.md §8.5–8.7).
  // ---------------------------------------------------------------------

  type Route = {
    key : Text; // the page's path, the streaming token's key
    segs : [Blob];
    status : Nat16;
    page : Page;
    bodyHash : Blob;
    exprPath : [Blob]; // http_expr · segments · <$> | <*>
    leafPath : [Blob]; // exprPath · expr_hash · "" · response_hash
    headers : [HeaderField]; // content-type, IC-CertificateExpression
    // What follows the certificate in the IC-Certificate header, or "" if
    // the witness depends on the request (the fallback).
    certTail : Text;
  };

  // Rebuilds the routes and the tree, sets certified_data to its root and
  // caches every exact route's IC-Certificate tail for this tree.
  func certify() {
    let all = Array.concat(pages, [("/data.json", dataPage())]);
    let rs = Array.map<(Text, Page), Route>(all, func((path, p)) = route(path, segmentsOfPath(Text.encodeUtf8(path)), "<$>", 200, p));
    notFound := route("", [""], "<*>", 404, notFoundPage);
    let paths = Array.concat(Array.map<Route, [Blob]>(rs, func(r) = r.leafPath), [notFound.leafPath]);
    tree := build(paths, 0);
    routes := Array.map<Route, Route>(rs, func(r) = { r with certTail = certificateTail(witness(tree, [r.leafPath], 0), r.exprPath) });
    CertifiedData.set(treeHash(tree));
  };

  // A certified response's path in the tree (§8.5):
  // http_expr/<segments>/<$ or *>/<expr_hash>/""/<response_hash> -> leaf "".
  // "" stands where the request hash goes: there is no request certification.
  func route(key : Text, segs : [Blob], terminator : Text, status : Nat16, p : Page) : Route {
    let bodyHash = sha256(p.chunks);
    let exprPath = Array.flatten<Blob>([[Text.encodeUtf8("http_expr")], segs, [Text.encodeUtf8(terminator)]]);
    let leafPath = Array.concat(exprPath, [exprHash, "" : Blob, responseHash(status, p.contentType, bodyHash)]);
    let headers = [("content-type", p.contentType), ("IC-CertificateExpression", cel)];
    { key; segs; status; page = p; bodyHash; exprPath; leafPath; headers; certTail = "" };
  };

  // response_hash = SHA-256(RIH(headers) · SHA-256(body)) where headers are
  // the certified ones with lower-case names, the IC-CertificateExpression
  // header and the ":ic-cert-status" pseudo-header (a nat) (§8.7).
  func responseHash(status : Nat16, contentType : Text, bodyHash : Blob) : Blob {
    let rih = hashOfHeaders([
      (textHash("content-type"), textHash(contentType)),
      (textHash("ic-certificateexpression"), textHash(cel)),
      (textHash(":ic-cert-status"), sha256([leb128(Nat16.toNat(status))])),
    ]);
    sha256([rih, bodyHash]);
  };

  // Representation-independent hash of a list of (key, value) pairs whose
  // keys may repeat: the pairs H(key)·H(value) sorted bytewise, concatenated
  // and hashed (PROTOCOL.md §2, ic-representation-independent-hash).
  func hashOfHeaders(pairs : [(Blob, Blob)]) : Blob {
    let joined = Array.map<(Blob, Blob), Blob>(pairs, func((k, v)) = concat([k, v]));
    sha256(Array.sort(joined, Blob.compare));
  };

  func textHash(t : Text) : Blob { sha256([Text.encodeUtf8(t)]) };

  func leb128(n : Nat) : Blob {
    let out = List.empty<Nat8>();
    var v = n;
    loop {
      let b = Nat8.fromNat(v % 128);
      v /= 128;
      if (v == 0) { List.add(out, b); return Blob.fromArray(List.toArray(out)) };
      List.add(out, b | 0x80);
    };
  };

  // Paths the witness of a fallback answer must reveal so that the gateway
  // can prove them absent: the exact path and every wildcard between the
  // request path and the root (ic-response-verification
  // validate_expr_path; a superset of what it looks up does no harm).
  func absencePaths(segs : [Blob]) : [[Blob]] {
    let root = Text.encodeUtf8("http_expr");
    let star = Text.encodeUtf8("<*>");
    let out = List.empty<[Blob]>();
    List.add(out, Array.flatten<Blob>([[root], segs, [Text.encodeUtf8("<$>")]]));
    for (k in Nat.rangeInclusive(0, segs.size())) {
      let prefix = Array.sliceToArray(segs, 0, k);
      List.add(out, Array.flatten<Blob>([[root], prefix, [star]]));
      List.add(out, Array.flatten<Blob>([[root], prefix, ["", star]]));
    };
    List.toArray(out);
  };

  // IC-Certificate: certificate=:…:, tree=:…:, expr_path=:…:, version=2 —
  // byte sequences in standard base64 between colons (§8.4); the tree and
  // the expr_path are CBOR with the self-describing tag 55799. The tail is
  // everything after the certificate.
  func certificateTail(w : Tree, exprPath : [Blob]) : Text {
    ":, tree=:" # base64(cborTree(w)) # ":, expr_path=:" # base64(cborPath(exprPath)) # ":, version=2";
  };

  // Standard base64 with padding (RFC 4648 §4), written into one byte
  // array and turned into text once: mo:core's Base64.encode joins a text
  // per 6 input bytes, which costs a query several times more.
  func base64(b : Blob) : Text {
    let n = b.size();
    let out = VarArray.repeat<Nat8>(0x3d, (n + 2) / 3 * 4); // '='
    var i = 0;
    var o = 0;
    while (i + 3 <= n) {
      let v = (Nat8.toNat32(b[i]) << 16) | (Nat8.toNat32(b[i + 1]) << 8) | Nat8.toNat32(b[i + 2]);
      out[o] := b64[Nat32.toNat(v >> 18)];
      out[o + 1] := b64[Nat32.toNat((v >> 12) & 0x3f)];
      out[o + 2] := b64[Nat32.toNat((v >> 6) & 0x3f)];
      out[o + 3] := b64[Nat32.toNat(v & 0x3f)];
      i += 3;
      o += 4;
    };
    if (i < n) {
      let v = (Nat8.toNat32(b[i]) << 16) | (if (i + 1 < n) Nat8.toNat32(b[i + 1]) << 8 else 0 : Nat32);
      out[o] := b64[Nat32.toNat(v >> 18)];
      out[o + 1] := b64[Nat32.toNat((v >> 12) & 0x3f)];
      if (i + 1 < n) out[o + 2] := b64[Nat32.toNat((v >> 6) & 0x3f)];
    };
    switch (Text.decodeUtf8(Blob.fromVarArray(out))) {
      case (?t) t;
      case null Runtime.trap("base64: not ASCII"); // cannot happen
    };
  };

  func findRoute(segs : [Blob]) : ?Route {
    Array.find<Route>(routes, func(r) = r.segs == segs);
  };

  func findRouteByKey(key : Text) : ?Route {
    if (key == "") return ?notFound;
    Array.find<Route>(routes, func(r) = r.key == key);
  };

  // ---------------------------------------------------------------------
  // Request paths (§8.5): the URL's path without the query, percent-decoded,
  // split on "/", empty segments dropped, a trailing "/" adding "".
  // ---------------------------------------------------------------------
  func pathOf(url : Text) : Text {
    switch (Text.split(url, #char '?').next()) { case (?p) p; case null "" };
  };

  func segmentsOf(url : Text) : ?[Blob] {
    switch (percentDecode(Text.encodeUtf8(pathOf(url)))) {
      case (?path) ?segmentsOfPath(path);
      case null null;
    };
  };

  func segmentsOfPath(path : Blob) : [Blob] {
    let out = List.empty<Blob>();
    let cur = List.empty<Nat8>();
    for (b in path.vals()) {
      if (b == 0x2f) {
        if (List.size(cur) > 0) List.add(out, Blob.fromArray(List.toArray(cur)));
        List.clear(cur);
      } else List.add(cur, b);
    };
    if (List.size(cur) > 0) List.add(out, Blob.fromArray(List.toArray(cur)));
    if (path.size() > 0 and path[path.size() - 1 : Nat] == 0x2f) List.add(out, "" : Blob);
    List.toArray(out);
  };

  func percentDecode(b : Blob) : ?Blob {
    let a = Blob.toArray(b);
    let out = List.empty<Nat8>();
    var i = 0;
    while (i < a.size()) {
      if (a[i] == 0x25) {
        if (i + 2 >= a.size()) return null;
        switch (hexDigit(a[i + 1]), hexDigit(a[i + 2])) {
          case (?h, ?l) List.add(out, h * 16 + l);
          case _ return null;
        };
        i += 3;
      } else { List.add(out, a[i]); i += 1 };
    };
    ?Blob.fromArray(List.toArray(out));
  };

  func hexDigit(c : Nat8) : ?Nat8 {
    if (c >= 0x30 and c <= 0x39) ?(c - 0x30) else if (c >= 0x61 and c <= 0x66) ?(c - 0x57) else if (c >= 0x41 and c <= 0x46) ?(c - 0x37) else null;
  };

  // ---------------------------------------------------------------------
  // Hash trees (PROTOCOL.md §4.2–4.3; interface spec "Certification").
  // HTree is the certified tree with its hashes; Tree is a witness.
  // ---------------------------------------------------------------------
  type HTree = { #leaf; #node : { children : [Child]; hash : Blob } };
  type Child = { lbl : Blob; sub : HTree; hash : Blob }; // hash of the labeled node
  type Tree = { #empty; #fork : (Tree, Tree); #labeled : (Blob, Tree); #leaf : Blob; #pruned : Blob };

  func domainSep(s : Text) : Blob {
    let b = Text.encodeUtf8(s);
    concat([Blob.fromArray([Nat8.fromNat(b.size())]), b]);
  };

  func forkHash(l : Blob, r : Blob) : Blob { sha256([sepFork, l, r]) };
  func labeledHash(l : Blob, sub : Blob) : Blob { sha256([sepLabeled, l, sub]) };

  func treeHash(t : HTree) : Blob {
    switch t { case (#leaf) leafHash; case (#node n) n.hash };
  };

  // Builds the tree holding every path (all of equal standing: none is a
  // prefix of another) from label `depth` on. Children are sorted bytewise
  // and joined by balanced forks; witness uses the same shape.
  func build(paths : [[Blob]], depth : Nat) : HTree {
    if (paths.size() == 0 or paths[0].size() == depth) return #leaf;
    let sorted = Array.sort<[Blob]>(paths, func(a, b) = Blob.compare(a[depth], b[depth]));
    let children = List.empty<Child>();
    var i = 0;
    while (i < sorted.size()) {
      let lbl = sorted[i][depth];
      var j = i;
      while (j < sorted.size() and sorted[j][depth] == lbl) j += 1;
      let sub = build(Array.sliceToArray(sorted, i, j), depth + 1);
      List.add(children, { lbl; sub; hash = labeledHash(lbl, treeHash(sub)) });
      i := j;
    };
    let cs = List.toArray(children);
    #node { children = cs; hash = forkAll(Array.map<Child, Blob>(cs, func(c) = c.hash), 0, cs.size()) };
  };

  func forkAll(hs : [Blob], lo : Nat, hi : Nat) : Blob {
    if (hi == lo) return sha256([sepEmpty]);
    if (hi == lo + 1) return hs[lo];
    let mid = lo + (hi - lo : Nat) / 2;
    forkHash(forkAll(hs, lo, mid), forkAll(hs, mid, hi));
  };

  // A witness revealing the given paths: a label on a path is revealed with
  // what lies below it; a label missing from a node is proven absent by
  // revealing its neighbours (their subtrees pruned); the rest is pruned,
  // and forks of two pruned halves collapse to one pruned hash.
  func witness(t : HTree, paths : [[Blob]], depth : Nat) : Tree {
    switch t {
      case (#leaf) #leaf("");
      case (#node n) {
        let wanted = Array.filter<[Blob]>(paths, func(p) = p.size() > depth);
        if (wanted.size() == 0) return #pruned(n.hash);
        let cs = n.children;
        let mark = VarArray.repeat<Nat8>(0, cs.size()); // 0 prune, 1 neighbour, 2 descend
        for (p in wanted.vals()) {
          let l = p[depth];
          var k = 0;
          while (k < cs.size() and Blob.compare(cs[k].lbl, l) == #less) k += 1;
          if (k < cs.size() and cs[k].lbl == l) mark[k] := 2 else {
            if (k > 0 and mark[k - 1 : Nat] == 0) mark[k - 1 : Nat] := 1;
            if (k < cs.size() and mark[k] == 0) mark[k] := 1;
          };
        };
        let parts = Array.tabulate<Tree>(cs.size(), func(k) {
          let c = cs[k];
          switch (mark[k]) {
            case 2 #labeled(c.lbl, witness(c.sub, Array.filter<[Blob]>(wanted, func(p) = p[depth] == c.lbl), depth + 1));
            case 1 #labeled(c.lbl, #pruned(treeHash(c.sub)));
            case _ #pruned(c.hash);
          };
        });
        forks(parts, 0, parts.size());
      };
    };
  };

  func forks(ts : [Tree], lo : Nat, hi : Nat) : Tree {
    if (hi == lo) return #empty;
    if (hi == lo + 1) return ts[lo];
    let mid = lo + (hi - lo : Nat) / 2;
    switch (forks(ts, lo, mid), forks(ts, mid, hi)) {
      case (#pruned(a), #pruned(b)) #pruned(forkHash(a, b));
      case (a, b) #fork(a, b);
    };
  };

  // ---------------------------------------------------------------------
  // CBOR (RFC 8949) of a hash tree and of an expr_path, both behind the
  // self-describing tag 55799 (d9 d9 f7) (PROTOCOL.md §4.1, §8.4).
  // ---------------------------------------------------------------------
  func cborTree(t : Tree) : Blob {
    let out = List.empty<Nat8>();
    List.addAll(out, ([0xd9, 0xd9, 0xf7] : [Nat8]).vals()); // tag 55799
    encodeTree(out, t);
    Blob.fromArray(List.toArray(out));
  };

  func encodeTree(out : List.List<Nat8>, t : Tree) {
    switch t {
      case (#empty) { head(out, 4, 1); head(out, 0, 0) };
      case (#fork(a, b)) { head(out, 4, 3); head(out, 0, 1); encodeTree(out, a); encodeTree(out, b) };
      case (#labeled(l, s)) { head(out, 4, 3); head(out, 0, 2); bytes(out, 2, l); encodeTree(out, s) };
      case (#leaf(v)) { head(out, 4, 2); head(out, 0, 3); bytes(out, 2, v) };
      case (#pruned(h)) { head(out, 4, 2); head(out, 0, 4); bytes(out, 2, h) };
    };
  };

  // expr_path: an array of text strings.
  func cborPath(path : [Blob]) : Blob {
    let out = List.empty<Nat8>();
    List.addAll(out, ([0xd9, 0xd9, 0xf7] : [Nat8]).vals()); // tag 55799
    head(out, 4, path.size());
    for (s in path.vals()) bytes(out, 3, s);
    Blob.fromArray(List.toArray(out));
  };

  // A byte string (major 2) or text string (major 3).
  func bytes(out : List.List<Nat8>, major : Nat8, b : Blob) {
    head(out, major, b.size());
    List.addAll(out, b.vals());
  };

  // The initial byte of a data item with its argument n (RFC 8949 §3).
  func head(out : List.List<Nat8>, major : Nat8, n : Nat) {
    let m = major << 5;
    if (n < 24) { List.add(out, m | Nat8.fromNat(n)); return };
    let width = if (n < 256) 1 else if (n < 65536) 2 else 4;
    let info : Nat8 = if (width == 1) 24 else if (width == 2) 25 else 26;
    List.add(out, m | info);
    var k = width;
    while (k > 0) {
      k -= 1;
      List.add(out, Nat8.fromNat((n / (256 ** k)) % 256));
    };
  };

  // ---------------------------------------------------------------------
  // SHA-256 (FIPS 180-4) over the concatenation of some blobs. mo:core has
  // no hash function, so here it is.
  // ---------------------------------------------------------------------

  func sha256(parts : [Blob]) : Blob {
    let h : [var Nat32] = [var 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let block = VarArray.repeat<Nat8>(0, 64);
    let w = VarArray.repeat<Nat32>(0, 64);
    var fill = 0;
    var length : Nat64 = 0;
    for (part in parts.vals()) {
      for (b in part.vals()) {
        block[fill] := b;
        fill += 1;
        if (fill == 64) { compress(h, block, w); fill := 0 };
      };
      length +%= Nat64.fromNat(part.size());
    };
    // Padding: 0x80, zeros, the message length in bits as a big-endian u64.
    block[fill] := 0x80;
    fill += 1;
    if (fill > 56) {
      while (fill < 64) { block[fill] := 0; fill += 1 };
      compress(h, block, w);
      fill := 0;
    };
    while (fill < 56) { block[fill] := 0; fill += 1 };
    let bits = length *% 8;
    for (k in Nat.range(0, 8)) {
      block[56 + k] := Nat8.fromNat(Nat64.toNat((bits >> Nat64.fromNat(56 - 8 * k)) & 0xff));
    };
    compress(h, block, w);
    let out = VarArray.repeat<Nat8>(0, 32);
    for (k in Nat.range(0, 8)) {
      let (b0, b1, b2, b3) = Nat32.explode(h[k]);
      out[4 * k] := b0;
      out[4 * k + 1] := b1;
      out[4 * k + 2] := b2;
      out[4 * k + 3] := b3;
    };
    Blob.fromVarArray(out);
  };

  func compress(h : [var Nat32], block : [var Nat8], w : [var Nat32]) {
    var t = 0;
    while (t < 16) {
      w[t] := (Nat8.toNat32(block[4 * t]) << 24) | (Nat8.toNat32(block[4 * t + 1]) << 16) | (Nat8.toNat32(block[4 * t + 2]) << 8) | Nat8.toNat32(block[4 * t + 3]);
      t += 1;
    };
    while (t < 64) {
      let a = w[t - 15 : Nat];
      let b = w[t - 2 : Nat];
      let s0 = (a <>> 7) ^ (a <>> 18) ^ (a >> 3);
      let s1 = (b <>> 17) ^ (b <>> 19) ^ (b >> 10);
      w[t] := w[t - 16 : Nat] +% s0 +% w[t - 7 : Nat] +% s1;
      t += 1;
    };
    var a = h[0];
    var b = h[1];
    var c = h[2];
    var d = h[3];
    var e = h[4];
    var f = h[5];
    var g = h[6];
    var hh = h[7];
    t := 0;
    while (t < 64) {
      let s1 = (e <>> 6) ^ (e <>> 11) ^ (e <>> 25);
      let ch = (e & f) ^ ((^e) & g);
      let t1 = hh +% s1 +% ch +% K[t] +% w[t];
      let s0 = (a <>> 2) ^ (a <>> 13) ^ (a <>> 22);
      let maj = (a & b) ^ (a & c) ^ (b & c);
      let t2 = s0 +% maj;
      hh := g;
      g := f;
      f := e;
      e := d +% t1;
      d := c;
      c := b;
      b := a;
      a := t1 +% t2;
      t += 1;
    };
    h[0] +%= a;
    h[1] +%= b;
    h[2] +%= c;
    h[3] +%= d;
    h[4] +%= e;
    h[5] +%= f;
    h[6] +%= g;
    h[7] +%= hh;
  };

  // ---------------------------------------------------------------------
  // Blob helpers.
  // ---------------------------------------------------------------------
  func concat(parts : [Blob]) : Blob {
    let out = List.empty<Nat8>();
    for (p in parts.vals()) List.addAll(out, p.vals());
    Blob.fromArray(List.toArray(out));
  };

  // Splits b into pieces of at most n bytes; an empty body is one empty piece.
  func split(b : Blob, n : Nat) : [Blob] {
    if (b.size() <= n) return [b];
    let a = Blob.toArray(b);
    Array.tabulate<Blob>((a.size() + n - 1 : Nat) / n, func(k) = Blob.fromArray(Array.sliceToArray(a, k * n, Nat.min(a.size(), (k + 1) * n))));
  };

  // ---------------------------------------------------------------------
  // State. Motoko runs these initialisers in order, so they come after
  // every function they call. `var`s of a persistent actor survive
  // upgrades; `transient` ones are recomputed (certify runs again in
  // postupgrade).
  // ---------------------------------------------------------------------
  // SHA-256 round constants (FIPS 180-4 §4.2.2).
  transient let K : [Nat32] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ];

  // The CEL expression of every page: response-only certification of the
  // status, the body and the content-type header (§8.6, canonical form with
  // no spaces, as ic-http-certification's create_cel_expr writes it).
  transient let cel : Text = "default_certification(ValidationArgs{certification:Certification{no_request_certification:Empty{},response_certification:ResponseCertification{certified_response_headers:ResponseHeaderList{headers:[\"content-type\"]}}}})";
  transient let exprHash : Blob = sha256([Text.encodeUtf8(cel)]);

  // The standard base64 alphabet (RFC 4648 §4).
  transient let b64 : Blob = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  // Domain separators of the hash tree (PROTOCOL.md §2.1).
  transient let sepEmpty : Blob = domainSep("ic-hashtree-empty");
  transient let sepFork : Blob = domainSep("ic-hashtree-fork");
  transient let sepLabeled : Blob = domainSep("ic-hashtree-labeled");
  transient let sepLeaf : Blob = domainSep("ic-hashtree-leaf");
  transient let leafHash : Blob = sha256([sepLeaf]); // every leaf holds ""

  // Bodies of more than chunkSize bytes are streamed.
  transient let chunkSize : Nat = 32768;

  var pages : [(Text, Page)] = [
    ("/", html(homeBody())),
    ("/index.html", html(homeBody())),
    ("/about", html(Text.encodeUtf8("<!doctype html><html><head><meta charset=\"utf-8\"><title>About</title></head><body><h1>About</h1><p>Every answer of this canister is certified with HTTP certification v2.</p></body></html>\n"))),
    ("/large.html", html(largeBody())),
  ];
  var hits : Nat = 0;

  transient let notFoundPage : Page = html(Text.encodeUtf8("<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>404 Not found</h1><p>This canister has no page at that path.</p></body></html>\n"));

  // What certify derives from the pages: routes, fallback, tree.
  transient var routes : [Route] = [];
  transient var notFound : Route = route("", [""], "<*>", 404, notFoundPage);
  transient var tree : HTree = #leaf;
  certify();
};
