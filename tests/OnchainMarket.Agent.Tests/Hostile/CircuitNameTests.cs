using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Ethereum;
using Wasmtime;
using Xunit;

namespace OnchainMarket.Agent.Tests.Hostile;

/// <summary>H4: a registered circuit's name and URI are the registrant's words; neither may choose a path on the prover's disk.</summary>
[Collection("hostile-devnet")]
public sealed class CircuitNameTests(HostileDevnet fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omkt-names-").FullName;

    [Fact]
    public async Task A_name_with_dot_dot_cannot_replace_the_operators_own_witness_generator()
    {
        // The operator's circuits folder: its own rollup files, as `omkt prover run --circuits` sees them.
        var circuits = Directory.CreateDirectory(Path.Combine(_folder, "circuits", "fetched-lives-here")).Parent!.FullName;
        var ownWasm = Path.Combine(circuits, "rollup.wasm");
        File.Copy(fixture.Rollup.Wasm, ownWasm);
        File.Copy(fixture.Rollup.Zkey, Path.Combine(circuits, "rollup.zkey"));
        var ownBytes = File.ReadAllBytes(ownWasm);

        // The attacker's files: a looping witness generator under the name "../../rollup".
        var looping = Module.ConvertText("(module (func (export \"init\") (param i32) (loop (br 0))))");
        var zkey = File.ReadAllBytes(fixture.Rollup.Zkey);
        await using var server = LoopbackHttpServer.Files(new Dictionary<string, byte[]>
        {
            ["/c/../../rollup.wasm"] = looping,
            ["/c/../../rollup.zkey"] = zkey,
            // Where an unescaped "../../" in the URL lands after the client normalises it.
            ["/rollup.wasm"] = looping,
            ["/rollup.zkey"] = zkey,
        });
        foreach (var name in new[] { "../../rollup", "../fetched-lives-here/../../rollup", Path.Combine(_folder, "abs") })
        {
            var id = await fixture.RegisterAsync(name, 1000, Keccak256.Hash(looping), Keccak256.Hash(zkey), server.BaseUrl + "/c");
            using var library = new CircuitLibrary(circuits, new FetchPolicy { AllowHttp = true, AllowPrivateHosts = true });

            CircuitFiles? files = null;
            try
            {
                files = await library.ResolveAsync(fixture.Attacker, id);
            }
            catch (CircuitFileException)
            {
                // Refusing is fine too; what matters is what lands on disk.
            }

            Assert.Equal(ownBytes, File.ReadAllBytes(ownWasm));
            Assert.False(File.Exists(Path.Combine(_folder, "abs.wasm")));
            if (files is not null)
            {
                // Stored by content hash, inside the circuits folder.
                Assert.Equal(Path.Combine(circuits, "fetched", Keccak256.Hash(looping).ToString()[2..] + ".wasm"), files.WasmPath);
            }
        }
        Assert.DoesNotContain(Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories),
            f => !f.StartsWith(circuits + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_registry_uri_that_is_a_local_path_is_never_read()
    {
        var planted = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName;
        var wasm = Module.ConvertText("(module)");
        File.WriteAllBytes(Path.Combine(planted, "x.wasm"), wasm);
        var id = await fixture.RegisterAsync("x", 1000, Keccak256.Hash(wasm), Keccak256.Hash(wasm), "file://" + planted);
        var circuits = Directory.CreateDirectory(Path.Combine(_folder, "c2")).FullName;
        using var library = new CircuitLibrary(circuits);

        var e = await Assert.ThrowsAsync<CircuitFileException>(() => library.ResolveAsync(fixture.Attacker, id));
        Assert.Contains("local paths from the chain are never read", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(circuits));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
