pragma circom 2.0.0;

include "circomlib/circuits/poseidon.circom";

// A heavier job for the demo: a chain of Poseidon hashes over a secret seed, bound to a public
// nonce. Its public signals are [digest, nonce].
template HashChain(rounds) {
    signal input seed;
    signal input nonce;
    signal output digest;

    component h[rounds];
    for (var i = 0; i < rounds; i++) {
        h[i] = Poseidon(2);
        h[i].inputs[0] <== i == 0 ? seed : h[i - 1].out;
        h[i].inputs[1] <== nonce;
    }
    digest <== h[rounds - 1].out;
}

component main {public [nonce]} = HashChain(12);
