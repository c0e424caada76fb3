using Xunit;
namespace OnchainMarket.Prover.Tests.Compatibility;

/// <summary>Tests that use the compiled test circuits and snarkjs share one fixture and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class CircuitCollection : ICollectionFixture<CircuitFixture>
{
    public const string Name = "circuits";
}
