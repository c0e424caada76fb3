using System.Buffers.Binary;

namespace OnchainMarket.Prover.Tests.Files;

/// <summary>Finds a section's body in a container file's bytes, so tests can damage exactly one field.</summary>
internal static class ContainerBytes
{
    public static int SectionOffset(byte[] file, uint id)
    {
        var count = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8));
        var position = 12;
        for (var i = 0; i < count; i++)
        {
            var sectionId = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position));
            var size = (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(position + 4));
            if (sectionId == id)
            {
                return position + 12;
            }
            position += 12 + size;
        }
        throw new InvalidOperationException($"section {id} not found");
    }
}
