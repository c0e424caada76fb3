pragma circom 2.0.0;

include "benchhash_lib.circom";

// The benchmark's circuit: 20 hashes (about 10k constraints, ten times the tests' circuit), so that
// proving, not the chain's transactions, dominates a request's machine time, while a race of ten
// still fits the 30-minute benchmark on a two-core machine.
component main {public [nonce]} = BenchHash(20);
