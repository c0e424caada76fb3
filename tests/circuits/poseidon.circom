pragma circom 2.0.0;

include "circomlib/circuits/poseidon.circom";

// Proves knowledge of a preimage of a Poseidon hash, bound to a public nonce.
template PoseidonPreimage() {
    signal input preimage[2];
    signal input salt;
    signal input nonce;
    signal output hash;
    signal nonceSquared;

    component h = Poseidon(3);
    h.inputs[0] <== preimage[0];
    h.inputs[1] <== preimage[1];
    h.inputs[2] <== salt;
    hash <== h.out;
    nonceSquared <== nonce * nonce;
}

component main {public [nonce]} = PoseidonPreimage();
