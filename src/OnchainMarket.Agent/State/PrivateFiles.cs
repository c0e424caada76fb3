namespace OnchainMarket.Agent.State;

/// <summary>
/// Files that hold secrets (keys, sealed-bid salts and prices, logs of what the prover bid): created
/// 0600 in 0700 folders, so another local user can neither read a salt nor plant a file. A key file
/// is created exclusively (O_CREAT|O_EXCL: a symlink planted at its path makes the creation fail
/// instead of being followed).
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode Shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> (and parents) as 0700; an existing folder that others can enter is narrowed to 0700.</summary>
    public static string CreateFolder(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
            return full;
        }
        Directory.CreateDirectory(full, OwnerOnlyFolder);
        if ((File.GetUnixFileMode(full) & Shared) != 0)
        {
            File.SetUnixFileMode(full, OwnerOnlyFolder);
        }
        return full;
    }

    /// <summary>Creates <paramref name="path"/> (and parents) as 0700 where missing; leaves an existing folder as it is.</summary>
    public static void CreateNewFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyFolder);
        }
    }

    /// <summary>Options for a new file only its owner may read: created exclusively, mode 0600 from the start.</summary>
    public static FileStreamOptions NewFile(FileMode mode = FileMode.CreateNew) => OperatingSystem.IsWindows()
        ? new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None }
        : new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = OwnerOnlyFile };

    /// <summary>
    /// Writes a new secret file: an existing file or link at the path is removed first (the link,
    /// never its target), then the file is created exclusively as 0600.
    /// </summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> content)
    {
        if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            File.Delete(path);
        }
        using var stream = new FileStream(path, NewFile());
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Opens a log file for appending, created 0600 when new.</summary>
    public static StreamWriter AppendLog(string path)
    {
        var options = NewFile(FileMode.Append);
        return new StreamWriter(new FileStream(path, options));
    }

    /// <summary>A warning when others than the owner may read <paramref name="path"/>; null when it is private.</summary>
    public static string? SharedWarning(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return null;
        }
        var mode = File.GetUnixFileMode(path);
        return (mode & Shared) == 0
            ? null
            : $"{path} is readable by others (mode {Convert.ToString((int)mode, 8)}): run chmod 600 {path}";
    }
}
