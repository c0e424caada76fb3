using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using OnchainMarket.Prover.Backends;
using Xunit;

namespace OnchainMarket.Prover.Tests.Backends;

/// <summary>
/// ILGPU's CPU accelerator runs kernels as .NET code, so it cannot tell whether they compile for a GPU.
/// These tests run ILGPU's real PTX backend (no device needed) over every kernel.
/// </summary>
public sealed class KernelCompilationTests
{
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach (MethodInfo method in typeof(GpuKernels).GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (method.GetParameters().FirstOrDefault()?.ParameterType == typeof(Index1D))
            {
                data.Add(method.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_compiles_to_PTX(string name)
    {
        using Context context = Context.Create(builder => builder.Cuda());
        using var backend = new PTXBackend(context, CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, nvvmAPI: null!);
        MethodInfo method = typeof(GpuKernels).GetMethod(name)!;
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(method);
        var compiled = (PTXCompiledKernel)backend.Compile(entry, default(KernelSpecialization));
        Assert.Contains(".entry", compiled.PTXAssembly);
        Assert.Contains(".target sm_70", compiled.PTXAssembly);
    }
}
