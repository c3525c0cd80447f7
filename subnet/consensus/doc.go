// Package consensus is the Internet Computer's consensus protocol (ICC1,
// CONSENSUS.md §1) as a pure state machine: random beacon by threshold
// relay, block makers ranked by the beacon, notarization, finalization.
//
// A Node owns no goroutine and reads no clock, network, disk or random
// source. Inputs are method calls, outputs a Ready value, in the manner of
// etcd's raft RawNode:
//
//	node, err := consensus.New(cfg)
//	for {
//		select {
//		case now := <-ticker.C: // every few milliseconds
//			node.Tick(now)
//		case b := <-fromPeers:
//			m, err := consensus.ParseMessage(b)
//			if err == nil {
//				err = node.Step(m) // *RejectError names the bad peer
//			}
//		}
//		if node.HasReady() {
//			rd := node.Ready()
//			store.Save(rd.Persist)       // 1. durable before sending
//			for _, m := range rd.Send {  // 2. gossip to all other nodes
//				net.Broadcast(consensus.Encode(m))
//			}
//			for _, b := range rd.Finalized { // 3. execute, in height order
//				exec.Execute(b)
//			}
//			node.Advance()
//		}
//	}
//
// # A round
//
// The subnet has n nodes and tolerates f = ⌊(n−1)/3⌋ faulty ones. A node
// enters the round of height h once it has the random beacon of h−1 and a
// notarized block of h−1 (height 0 is genesis: the beacon is
// Config.GenesisBeacon and the genesis block is notarized and final).
//
//  1. Beacon. The node sends its share of the beacon of h: a signature
//     share of the beacon of h−1 under the subnet's (f+1)-of-n threshold
//     key. f+1 shares combine into the beacon of h.
//  2. Block making. The beacon of h−1 ranks f+1 block makers. The rank-r
//     maker proposes after r·RankDelay a block on the lowest-rank notarized
//     block of h−1, with a payload from Config.Payload and its clock as the
//     block time.
//  3. Notarization. After NotaryDelay + r·RankDelay (longer while
//     finalization lags) a node signs a notarization share for the
//     lowest-rank valid blocks it has; n−f shares make a notarization, and
//     the node moves on to h+1.
//  4. Finalization. A node that notarized no block of h other than a
//     notarized one sends a finalization share for it; n−f shares finalize
//     it and its ancestors. Finalized blocks come out of Ready as batches,
//     in order, exactly once, with randomness derived from the beacon of
//     h+1.
//
// With one node every quorum is 1 and the same code makes, notarizes and
// finalizes each block itself: a round ends on the first Tick at least
// NotaryDelay after it began.
//
// # Signatures
//
// Notarization and finalization are BLS multi-signatures, as on the IC:
// each node signs with its own key (Config.SecretKey), and n−f signatures
// add up to one 48-byte signature checked under the sum of the signers'
// keys, with the signer list alongside. Threshold keys would make the
// aggregate anonymous and need a DKG per committee change; multi-signatures
// show who signed and need only the registry's keys (with proofs of
// possession). The beacon must be unique, so it uses the threshold key
// (package certify/threshold). Every signed content is domain-separated.
//
// # Wire format
//
// Every artifact has one canonical encoding: Append writes it, ParseMessage
// reads it strictly (exact lengths, ascending signer lists, valid curve
// points, no trailing bytes) and never panics.
//
// # Not here yet
//
// Distributed key generation and key resharing (the beacon key comes from
// Config), catch-up packages for nodes more than a few dozen heights
// behind, restoring a node's signed artifacts after a restart (Persist
// says what to keep; nothing reads it back yet), and pull-based gossip
// (peers that miss artifacts rely on periodic rebroadcast).
package consensus
