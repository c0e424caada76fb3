pragma circom 2.0.0;

include "circomlib/circuits/poseidon.circom";

// The measured run's job: a chain of Poseidon hashes over a secret seed, bound to a public nonce
// (public signals [digest, nonce]). The number of rounds sets the circuit's size: the mains are
// benchhash.circom (2 rounds, for the tests) and benchhash_large.circom (the benchmark's).
template BenchHash(rounds) {
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
