pragma circom 2.0.0;

include "circomlib/circuits/poseidon.circom";

// The measured run's job: two Poseidon hashes over a secret seed, bound to a public nonce
// (public signals [digest, nonce]). Small on purpose: in a race of ten every prover proves every
// request, and the whole benchmark has to finish in minutes on a two-core machine.
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

component main {public [nonce]} = BenchHash(2);
