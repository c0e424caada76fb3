pragma circom 2.0.0;

include "rollup_lib.circom";

// Computes a batch's new root and hash (its witness holds them): what the sequencer posts.
component main {public [oldRoot]} = RollupStep(4);
