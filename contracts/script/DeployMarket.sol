// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ProofMarket} from "../src/ProofMarket.sol";
import {ProofMarketExtension} from "../src/ProofMarketExtension.sol";
import {SlashingModule} from "../src/modules/SlashingModule.sol";
import {IGroth16Verifier} from "../src/interfaces/IGroth16Verifier.sol";
import {IStakeSource} from "../src/interfaces/IStakeSource.sol";

/// @notice Deploys the ProofMarket with its two modules, three creations in a row (one would
/// exceed EIP-3860's initcode limit). Used by Deploy.s.sol and the tests.
function deployMarket(IGroth16Verifier verifier, IStakeSource stake, address owner, address treasury)
    returns (ProofMarket)
{
    return new ProofMarket(
        verifier, stake, owner, treasury, new ProofMarketExtension(verifier, stake), new SlashingModule(verifier, stake)
    );
}
