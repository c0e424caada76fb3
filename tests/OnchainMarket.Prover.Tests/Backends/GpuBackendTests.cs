using OnchainMarket.Prover.Backends;
using OnchainMarket.Prover.Bn254;
using OnchainMarket.Prover.Tests.Bn254;
using Xunit;

namespace OnchainMarket.Prover.Tests.Backends;

/// <summary>The GPU kernels, run on ILGPU's CPU accelerator, against the CPU implementation.</summary>
public sealed class GpuBackendTests(IlgpuCpuBackendFixture fixture) : IClassFixture<IlgpuCpuBackendFixture>, IDisposable
{
    private readonly IProverBackend _gpu = fixture.Backend;
    private readonly IProverBackend _cpu = new CpuBackend();

    public void Dispose() => _cpu.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(300)]
    public void Kernel_G1_MSM_matches_the_CPU_MSM(int n)
    {
        var random = new Random(1000 + n);
        G1Affine[] points = MsmTests.RandomG1Points(n, random);
        if (n > 10)
        {
            points[7] = G1Affine.Infinity;
            points[8] = points[9];
            points[10] = points[9].Negate();
        }

        Fr[] scalars = MsmTests.AwkwardScalars(n, random);
        using IG1Bases gpuBases = _gpu.LoadG1(points);
        using IG1Bases cpuBases = _cpu.LoadG1(points);
        Assert.Equal(n, gpuBases.Count);
        Assert.Equal(_cpu.MsmG1(cpuBases, scalars), _gpu.MsmG1(gpuBases, scalars));
    }

    [Fact]
    public void Resident_bases_serve_several_MSMs()
    {
        var random = new Random(7);
        G1Affine[] points = MsmTests.RandomG1Points(128, random);
        using IG1Bases bases = _gpu.LoadG1(points);
        for (int round = 0; round < 2; round++)
        {
            Fr[] scalars = Enumerable.Range(0, points.Length).Select(_ => MsmTests.RandomScalar(random)).ToArray();
            Assert.Equal(Msm.G1(points, scalars), _gpu.MsmG1(bases, scalars));
        }
    }

    [Fact]
    public void G2_MSM_falls_back_to_the_CPU_and_is_correct()
    {
        var random = new Random(8);
        G2Affine[] points = MsmTests.RandomG2Points(20, random);
        Fr[] scalars = MsmTests.AwkwardScalars(points.Length, random);
        using IG2Bases bases = _gpu.LoadG2(points);
        Assert.Equal(MsmTests.NaiveG2(points, scalars), _gpu.MsmG2(bases, scalars));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void Kernel_NTT_matches_the_CPU_NTT_both_ways(int log2)
    {
        var random = new Random(log2);
        Fr[] values = Enumerable.Range(0, 1 << log2).Select(_ => MsmTests.RandomScalar(random)).ToArray();
        Fr[] expected = (Fr[])values.Clone();
        Fr[] actual = (Fr[])values.Clone();
        Ntt.Forward(expected);
        _gpu.NttForward(actual);
        Assert.Equal(expected, actual);
        Ntt.Inverse(expected);
        _gpu.NttInverse(actual);
        Assert.Equal(expected, actual);
        Assert.Equal(values, actual);
    }

    [Fact]
    public void Bases_from_another_backend_or_of_the_wrong_size_are_rejected()
    {
        G1Affine[] points = [G1Affine.Generator, G1Affine.Generator];
        using IG1Bases cpuBases = _cpu.LoadG1(points);
        using IG1Bases gpuBases = _gpu.LoadG1(points);
        Assert.Throws<ArgumentException>(() => _gpu.MsmG1(cpuBases, new Fr[2]));
        Assert.Throws<ArgumentException>(() => _cpu.MsmG1(gpuBases, new Fr[2]));
        var ex = Assert.Throws<ArgumentException>(() => _gpu.MsmG1(gpuBases, new Fr[3]));
        Assert.Contains("2 bases, 3 scalars", ex.Message);
    }

    [Fact]
    public void Name_says_which_accelerator_runs_the_kernels()
    {
        Assert.StartsWith("gpu (CPU", _gpu.Name);
        Assert.StartsWith("cpu", _cpu.Name);
    }
}
