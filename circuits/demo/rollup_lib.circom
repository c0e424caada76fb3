pragma circom 2.0.0;

include "circomlib/circuits/poseidon.circom";

// One rollup batch: the batch hash commits to the transactions, the new state root to the old
// root and the batch. A real rollup would execute the transactions; the demo only binds them.
template RollupStep(n) {
    signal input oldRoot;
    signal input txs[n];
    signal output newRoot;
    signal output batchHash;

    component batch = Poseidon(n);
    for (var i = 0; i < n; i++) {
        batch.inputs[i] <== txs[i];
    }
    batchHash <== batch.out;

    component root = Poseidon(2);
    root.inputs[0] <== oldRoot;
    root.inputs[1] <== batchHash;
    newRoot <== root.out;
}
