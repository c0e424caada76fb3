pragma circom 2.0.0;

include "benchhash_lib.circom";

// Two hashes: small enough that the tests' devnet runs prove every request in a fraction of a second.
component main {public [nonce]} = BenchHash(2);
