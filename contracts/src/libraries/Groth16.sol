// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Groth16
/// @notice BN254 Groth16 verification through the EIP-196/197 precompiles, single and batched, reading the
/// verification key from a CodeStore data contract with one EXTCODECOPY.
/// @dev Key layout in the data contract (after its leading STOP byte), 32-byte words:
///   [0, 2)   alpha1 (x, y)
///   [2, 6)   beta2  (x.im, x.re, y.im, y.re)
///   [6, 10)  gamma2
///   [10, 14) delta2
///   [14, 14 + 2(n+1)) ic[0..n] (x, y each)
/// Proof layout (calldata uint256[8]): A.x, A.y, B.x.im, B.x.re, B.y.im, B.y.re, C.x, C.y.
/// The pairing equation checked is e(-A, B) · e(alpha, beta) · e(vk_x, gamma) · e(C, delta) = 1 with
/// vk_x = ic[0] + Σ x_j · ic[j+1].
///
/// Precompile calls get exactly their EIP-1108 price as gas: a precompile that rejects its input (a point
/// off the curve) consumes all gas it was given, so a bounded stipend turns a malformed proof into
/// `false` instead of an out-of-gas revert of the whole transaction.
///
/// Callers check the input count; this library checks field ranges and reverts with the registry's
/// named errors (selectors below, pinned by a test).
library Groth16 {
    /// @dev BN254 scalar field modulus r.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @dev BN254 base field modulus q.
    uint256 internal constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    /// @dev Byte size of the fixed part of a key (alpha, beta, gamma, delta): 14 words.
    uint256 internal constant KEY_FIXED_BYTES = 0x1c0;

    /// @dev `PublicInputNotInField(uint256,uint256)` selector, left-aligned.
    uint256 private constant _INPUT_NOT_IN_FIELD = 0x420fcb3900000000000000000000000000000000000000000000000000000000;
    /// @dev `CoordinateNotInField(uint256,uint256)` selector, left-aligned.
    uint256 private constant _COORD_NOT_IN_FIELD = 0xdfe2eeb900000000000000000000000000000000000000000000000000000000;

    /// @dev EIP-1108 precompile prices.
    uint256 private constant _EC_ADD_GAS = 150;
    uint256 private constant _EC_MUL_GAS = 6000;
    uint256 private constant _PAIRING_BASE_GAS = 45000;
    uint256 private constant _PAIRING_PER_PAIR_GAS = 34000;

    /// @notice Byte size of a key with `numPublic` public inputs.
    function keyBytes(uint256 numPublic) internal pure returns (uint256) {
        return KEY_FIXED_BYTES + (numPublic + 1) * 0x40;
    }

    /// @notice Verifies one proof. `inputs.length` must equal `numPublic` (checked by the caller).
    /// @return ok True iff the pairing check passes; false for points off the curve or a failed check.
    function verify(address key, uint256 numPublic, uint256[8] calldata proof, uint256[] calldata inputs)
        internal
        view
        returns (bool ok)
    {
        assembly ("memory-safe") {
            // Named errors for out-of-range coordinates: the precompiles would reject them too, but
            // only as an opaque failure.
            for { let k := 0 } lt(k, 8) { k := add(k, 1) } {
                let c := calldataload(add(proof, shl(5, k)))
                if iszero(lt(c, Q)) {
                    mstore(0x00, _COORD_NOT_IN_FIELD)
                    mstore(0x04, k)
                    mstore(0x24, c)
                    revert(0x00, 0x44)
                }
            }

            // Memory (all above the free memory pointer, which stays where it is: nothing here outlives
            // the block):
            //   m           4 pairs x 0xc0 = the pairing input
            //   v = m+0x300 the key, copied by one EXTCODECOPY
            let m := mload(0x40)
            let v := add(m, 0x300)
            // +1 skips the data contract's STOP byte.
            extcodecopy(key, v, 1, add(KEY_FIXED_BYTES, shl(6, add(numPublic, 1))))

            // vk_x accumulates in pair 2's G1 slot; pair 2's G2 slot (gamma, written last) serves as
            // scratch for ecMul: [ic.x, ic.y, scalar] at acc+0x40, its product lands there as [x, y],
            // right after acc, so [acc, product] is already ecAdd's input.
            let acc := add(m, 0x180)
            let ic := add(v, KEY_FIXED_BYTES)
            mcopy(acc, ic, 0x40) // acc = ic[0]
            ok := 1
            for { let j := 0 } lt(j, numPublic) { j := add(j, 1) } {
                let x := calldataload(add(inputs.offset, shl(5, j)))
                if iszero(lt(x, R)) {
                    mstore(0x00, _INPUT_NOT_IN_FIELD)
                    mstore(0x04, j)
                    mstore(0x24, x)
                    revert(0x00, 0x44)
                }
                // A zero input contributes nothing; skipping saves an ecMul and an ecAdd.
                if x {
                    mcopy(add(acc, 0x40), add(ic, shl(6, add(j, 1))), 0x40)
                    mstore(add(acc, 0x80), x)
                    ok := and(ok, staticcall(_EC_MUL_GAS, 0x07, add(acc, 0x40), 0x60, add(acc, 0x40), 0x40))
                    ok := and(ok, staticcall(_EC_ADD_GAS, 0x06, acc, 0x80, acc, 0x40))
                }
            }

            // Pair 0: (-A, B). Negating y as (q - y) mod q keeps the point at infinity (0, 0) valid.
            mstore(m, calldataload(proof))
            mstore(add(m, 0x20), mod(sub(Q, calldataload(add(proof, 0x20))), Q))
            calldatacopy(add(m, 0x40), add(proof, 0x40), 0x80)
            // Pair 1: (alpha, beta) are the first 6 key words, already in pairing order.
            mcopy(add(m, 0xc0), v, 0xc0)
            // Pair 2: (vk_x, gamma); vk_x is already in place.
            mcopy(add(m, 0x1c0), add(v, 0xc0), 0x80)
            // Pair 3: (C, delta).
            calldatacopy(add(m, 0x240), add(proof, 0xc0), 0x40)
            mcopy(add(m, 0x280), add(v, 0x140), 0x80)

            // The precompile writes 1 or 0 to scratch word 0; a failed call (invalid point) leaves ok = 0.
            ok := and(ok, staticcall(add(_PAIRING_BASE_GAS, mul(4, _PAIRING_PER_PAIR_GAS)), 0x08, m, 0x300, 0x00, 0x20))
            ok := and(ok, mload(0x00))
        }
    }

    /// @notice Verifies n proofs of one circuit with one pairing check of n + 3 pairs:
    /// Π e(-r_i A_i, B_i) · e(Σ r_i · alpha, beta) · e(Σ r_i vk_x_i, gamma) · e(Σ r_i C_i, delta) = 1.
    /// @dev r_0 = 1 and r_i (i > 0) = 1 + the top 128 bits of keccak256(seed, i), seed = keccak256 of the
    /// circuit id, every proof and every input: a prover who does not know the r_i in advance passes with
    /// an invalid proof with probability about 2^-128, and grinding the seed costs that many hashes.
    /// Σ r_i vk_x_i is computed as (Σ r_i) ic[0] + Σ_j (Σ_i r_i x_ij) ic[j+1]: numPublic + 1 ecMuls
    /// whatever n is. The caller checks n > 0, the lengths match, and each inputs[i].length == numPublic.
    /// Coordinate/input errors report a flat index: 8·i + k for proof i coordinate k, numPublic·i + j for
    /// proof i input j.
    function verifyBatch(
        address key,
        uint256 numPublic,
        bytes32 circuitId,
        uint256[8][] calldata proofs,
        uint256[][] calldata inputs
    ) internal view returns (bool ok) {
        assembly ("memory-safe") {
            // The working state lives in a memory context instead of on the stack (no via-IR here, and the
            // stack holds only 16 reachable slots). Memory above the free pointer:
            //   ctx + 0x00 n               ctx + 0x20 numPublic      ctx + 0x40 v: the key
            //   ctx + 0x60 s: numPublic + 1 scalar sums, s[0] = Σ r_i, s[j+1] = Σ r_i x_ij
            //   ctx + 0x80 hp: proofs copy ctx + 0xa0 hx: inputs copy (row-major)  ctx + 0xc0 seed
            //   m = ctx + 0x100            (n + 3) pairs x 0xc0: the pairing input
            //   v, s, then h = circuitId ‖ proofs ‖ inputs: hashed for the seed, then read as the working copy
            function ctxN(ctx) -> n { n := mload(ctx) }
            function ctxNumPublic(ctx) -> k { k := mload(add(ctx, 0x20)) }
            function ctxKey(ctx) -> v { v := mload(add(ctx, 0x40)) }
            function ctxSums(ctx) -> s { s := mload(add(ctx, 0x60)) }
            function ctxProofs(ctx) -> hp { hp := mload(add(ctx, 0x80)) }
            function ctxInputs(ctx) -> hx { hx := mload(add(ctx, 0xa0)) }
            function ctxPair(ctx, i) -> p { p := add(add(ctx, 0x100), mul(i, 0xc0)) }

            function fail(selector, index, value) {
                mstore(0x00, selector)
                mstore(0x04, index)
                mstore(0x24, value)
                revert(0x00, 0x44)
            }

            // [p, p + 0x40) := scalar · [p, p + 0x40); writes the scalar at p + 0x40.
            function mulInPlace(p, scalar) -> success {
                mstore(add(p, 0x40), scalar)
                success := staticcall(_EC_MUL_GAS, 0x07, p, 0x60, p, 0x40)
            }

            // acc += scalar · point, using [acc + 0x40, acc + 0xa0) as scratch: the product lands right
            // after acc, so [acc, product] is already ecAdd's input.
            function addScaled(acc, point, scalar) -> success {
                mcopy(add(acc, 0x40), point, 0x40)
                success := mulInPlace(add(acc, 0x40), scalar)
                if success { success := staticcall(_EC_ADD_GAS, 0x06, acc, 0x80, acc, 0x40) }
            }

            // Range checks with named errors (see verify); indices are flat over the batch.
            function checkRanges(ctx) {
                let hp := ctxProofs(ctx)
                let hx := ctxInputs(ctx)
                for { let p := hp } lt(p, hx) { p := add(p, 0x20) } {
                    let c := mload(p)
                    if iszero(lt(c, Q)) { fail(_COORD_NOT_IN_FIELD, shr(5, sub(p, hp)), c) }
                }
                let end := add(hx, mul(ctxN(ctx), shl(5, ctxNumPublic(ctx))))
                for { let p := hx } lt(p, end) { p := add(p, 0x20) } {
                    let x := mload(p)
                    if iszero(lt(x, R)) { fail(_INPUT_NOT_IN_FIELD, shr(5, sub(p, hx)), x) }
                }
            }

            // Pairs 0..n-1 (-r_i A_i, B_i), the sums s, and Σ r_i C_i in pair n+2's G1 slot.
            function proofPairs(ctx) -> success {
                let n := ctxN(ctx)
                let nPub := ctxNumPublic(ctx)
                let s := ctxSums(ctx)
                let accC := ctxPair(ctx, add(n, 2))
                success := 1
                for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                    let proof := add(ctxProofs(ctx), shl(8, i))
                    let pair := ctxPair(ctx, i)
                    let r := 1
                    if i {
                        mstore(0x00, mload(add(ctx, 0xc0)))
                        mstore(0x20, i)
                        r := add(shr(128, keccak256(0x00, 0x40)), 1)
                    }
                    // s[0] += r; s[j+1] += r · x_ij (mod the scalar field)
                    mstore(s, addmod(mload(s), r, R))
                    let row := add(ctxInputs(ctx), mul(i, shl(5, nPub)))
                    for { let j := 0 } lt(j, nPub) { j := add(j, 1) } {
                        let sj := add(s, shl(5, add(j, 1)))
                        mstore(sj, addmod(mload(sj), mulmod(r, mload(add(row, shl(5, j))), R), R))
                    }
                    switch i
                    case 0 {
                        // r_0 = 1: -A_0 is a negation, and the C sum starts at C_0.
                        mstore(pair, mload(proof))
                        mstore(add(pair, 0x20), mod(sub(Q, mload(add(proof, 0x20))), Q))
                        mcopy(accC, add(proof, 0xc0), 0x40)
                    }
                    default {
                        // -r·A = (R - r)·A in one ecMul (the G2 slot is free scratch until B is copied).
                        mcopy(pair, proof, 0x40)
                        success := and(success, mulInPlace(pair, sub(R, r)))
                        success := and(success, addScaled(accC, add(proof, 0xc0), r))
                    }
                    // B_i, already in EIP-197 order.
                    mcopy(add(pair, 0x40), add(proof, 0x40), 0x80)
                }
            }

            // Pairs n ((Σ r_i)·alpha, beta), n+1 (Σ_j s_j·ic[j], gamma) and n+2's G2 slot (delta).
            function keyPairs(ctx) -> success {
                let n := ctxN(ctx)
                let v := ctxKey(ctx)
                let s := ctxSums(ctx)
                let pa := ctxPair(ctx, n)
                mcopy(pa, v, 0x40)
                success := mulInPlace(pa, mload(s))
                mcopy(add(pa, 0x40), add(v, 0x40), 0x80)

                let px := add(pa, 0xc0)
                let ic := add(v, KEY_FIXED_BYTES)
                mcopy(px, ic, 0x40)
                success := and(success, mulInPlace(px, mload(s)))
                for { let j := 1 } lt(j, add(ctxNumPublic(ctx), 1)) { j := add(j, 1) } {
                    let sj := mload(add(s, shl(5, j)))
                    // A zero sum (that input is zero in every proof) contributes nothing.
                    if sj { success := and(success, addScaled(px, add(ic, shl(6, j)), sj)) }
                }
                mcopy(add(px, 0x40), add(v, 0xc0), 0x80)
                // Σ r_i C_i is already in pair n+2's G1 slot.
                mcopy(add(px, 0x100), add(v, 0x140), 0x80)
            }

            let n := proofs.length
            let ctx := mload(0x40)
            mstore(ctx, n)
            mstore(add(ctx, 0x20), numPublic)
            let v := ctxPair(ctx, add(n, 3))
            mstore(add(ctx, 0x40), v)
            let keySize := add(KEY_FIXED_BYTES, shl(6, add(numPublic, 1)))
            // One EXTCODECOPY loads the key; +1 skips the data contract's STOP byte.
            extcodecopy(key, v, 1, keySize)
            let s := add(v, keySize)
            mstore(add(ctx, 0x60), s)
            // Sums start at zero: memory above the free pointer may hold leftovers.
            calldatacopy(s, calldatasize(), shl(5, add(numPublic, 1)))
            let h := add(s, shl(5, add(numPublic, 1)))
            mstore(h, circuitId)
            let hp := add(h, 0x20)
            mstore(add(ctx, 0x80), hp)
            calldatacopy(hp, proofs.offset, shl(8, n))
            let hx := add(hp, shl(8, n))
            mstore(add(ctx, 0xa0), hx)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                // inputs[i] lives at head + its relative offset; its elements follow the length word.
                // The caller read inputs[i].length in Solidity, which bounds-checked this offset.
                let row := add(inputs.offset, calldataload(add(inputs.offset, shl(5, i))))
                calldatacopy(add(hx, mul(i, shl(5, numPublic))), add(row, 0x20), shl(5, numPublic))
            }
            checkRanges(ctx)
            // seed = keccak256(circuitId ‖ proofs ‖ inputs)
            mstore(add(ctx, 0xc0), keccak256(h, sub(add(hx, mul(n, shl(5, numPublic))), h)))

            ok := proofPairs(ctx)
            ok := and(ok, keyPairs(ctx))
            let pairs := add(n, 3)
            ok := and(
                ok,
                staticcall(
                    add(_PAIRING_BASE_GAS, mul(pairs, _PAIRING_PER_PAIR_GAS)),
                    0x08,
                    add(ctx, 0x100),
                    mul(pairs, 0xc0),
                    0x00,
                    0x20
                )
            )
            // A failed call (invalid point) already made ok 0; otherwise the precompile wrote 1 or 0.
            ok := and(ok, mload(0x00))
        }
    }
}
