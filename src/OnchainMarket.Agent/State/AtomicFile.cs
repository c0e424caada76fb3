using System.Runtime.InteropServices;

namespace OnchainMarket.Agent.State;

/// <summary>
/// Replaces a file so that after a crash at any instant it holds either the old or the new
/// content, never a mix: write a temporary file in the same folder, fsync it, rename it over the
/// target, fsync the folder so the rename itself is durable. The file is created 0600 (it may
/// hold a sealed bid's salt and price) in a 0700 folder.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>Suffix of the temporary files; readers ignore files ending in it.</summary>
    public const string TemporarySuffix = ".tmp";

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // New folders are 0700; an existing one is the caller's choice (JobStore narrows its own).
        PrivateFiles.CreateNewFolder(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temporary, PrivateFiles.NewFile()))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
        SyncDirectory(directory);
    }

    public static void WriteAllText(string path, string content) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(content));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the next start's cleanup.
        }
    }

    private static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }
        // .NET cannot open a directory as a stream; fsync it through libc.
        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }
        _ = Fsync(fd);
        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
