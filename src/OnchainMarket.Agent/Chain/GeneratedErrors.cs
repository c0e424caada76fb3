using System.Reflection;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using OnchainMarket.Contracts.ProofMarket;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>
/// Teaches the sender's revert decoder every custom error the generated contracts declare, so a revert names its
/// error and values whichever contract raised it. Read from the generated <c>[Error]</c> types: the ABI at build time.
/// </summary>
internal static class GeneratedErrors
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        foreach (var type in typeof(ProofMarketService).Assembly.GetTypes().Where(t => !t.IsAbstract && t.GetCustomAttribute<ErrorAttribute>() is not null))
        {
            var abi = ABITypedRegistry.GetError(type);
            if (abi.InputParameters.Any(p => p.Type.StartsWith("tuple", StringComparison.Ordinal)))
            {
                continue; // none of ours takes a struct; such an error would still revert, just by selector
            }
            var inputs = abi.InputParameters.Select(p => new AbiParameter(p.Name, AbiType.Parse(p.Type))).ToList();
            RevertErrorRegistry.Default.Register(new AbiError(abi.Name, inputs));
        }
    }
}
