using Wasmtime;

namespace OnchainMarket.Agent.Tests.Hostile;

/// <summary>
/// Witness generators an attacker could register: the circom export interface around a hostile
/// body, compiled from WAT by the test into a real .wasm file.
/// </summary>
internal static class CraftedWasm
{
    /// <summary>
    /// A module with circom's exports. <paramref name="init"/> is the body of init(i32);
    /// <paramref name="witnessSize"/> what getWitnessSize claims; getMessageChar returns
    /// <paramref name="messageChar"/> forever (0 ends a message).
    /// </summary>
    public static byte[] Circom(string init, int witnessSize = 4, int messageChar = 0) => Module.ConvertText($$"""
        (module
          (import "runtime" "exceptionHandler" (func $exception (param i32)))
          (import "runtime" "printErrorMessage" (func $printError))
          (memory 1)
          (func (export "getVersion") (result i32) (i32.const 2))
          (func (export "getFieldNumLen32") (result i32) (i32.const 8))
          (func (export "getRawPrime"))
          (func (export "readSharedRWMemory") (param i32) (result i32) (i32.const 0))
          (func (export "writeSharedRWMemory") (param i32 i32))
          (func (export "getMessageChar") (result i32) (i32.const {{messageChar}}))
          (func (export "getWitnessSize") (result i32) (i32.const {{witnessSize}}))
          (func (export "getInputSize") (result i32) (i32.const 0))
          (func (export "getInputSignalSize") (param i32 i32) (result i32) (i32.const -1))
          (func (export "setInputSignal") (param i32 i32 i32))
          (func (export "getWitness") (param i32))
          (func (export "init") (param i32) {{init}})
        )
        """);

    public const string Loops = "(loop (br 0))";

    /// <summary>Asks for 1 GiB of memory; traps if it is refused.</summary>
    public const string GrowsToOneGiB = "(if (i32.eq (memory.grow (i32.const 16384)) (i32.const -1)) (then unreachable))";

    /// <summary>Prints an error message that never ends, then fails.</summary>
    public const string EndlessMessage = "(call $printError) (call $exception (i32.const 4))";

    public static string Write(string folder, string name, byte[] wasm)
    {
        var path = Path.Combine(folder, name + ".wasm");
        File.WriteAllBytes(path, wasm);
        return path;
    }
}
