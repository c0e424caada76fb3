namespace OnchainMarket.Prover.Groth16;

/// <summary>Where the time of one proof went. MSMs that run at the same time each report their own duration.</summary>
public sealed record ProvingTimings(
    TimeSpan Evaluations,
    TimeSpan Fft,
    TimeSpan MsmA,
    TimeSpan MsmB1,
    TimeSpan MsmB2,
    TimeSpan MsmC,
    TimeSpan MsmH,
    TimeSpan Total);
