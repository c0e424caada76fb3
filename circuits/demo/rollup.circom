pragma circom 2.0.0;

include "rollup_lib.circom";

// The circuit ExampleRollup buys proofs for: public inputs [oldRoot, newRoot, batchHash], in the
// order the rollup contract passes them.
template Rollup(n) {
    signal input oldRoot;
    signal input newRoot;
    signal input batchHash;
    signal input txs[n];

    component step = RollupStep(n);
    step.oldRoot <== oldRoot;
    for (var i = 0; i < n; i++) {
        step.txs[i] <== txs[i];
    }
    newRoot === step.newRoot;
    batchHash === step.batchHash;
}

component main {public [oldRoot, newRoot, batchHash]} = Rollup(4);
