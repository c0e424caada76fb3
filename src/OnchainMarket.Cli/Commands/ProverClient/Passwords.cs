using System.Text;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>Keystore passwords: from a file (its first line), or asked for on the terminal without echo.</summary>
internal static class Passwords
{
    public static string Read(string? passwordFile, string prompt)
    {
        if (passwordFile is not null)
        {
            if (!File.Exists(passwordFile))
            {
                throw new CliUsageException($"--password-file {passwordFile}: no such file");
            }
            // The first line, as geth's --password reads it: a trailing newline is not part of the password.
            using var reader = new StreamReader(passwordFile);
            return reader.ReadLine() ?? string.Empty;
        }
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? throw new CliUsageException("no password given: stdin is empty (use --password-file)");
        }
        Console.Error.Write(prompt);
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return password.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }

    /// <summary>A new password: from the file, or typed twice.</summary>
    public static string ReadNew(string? passwordFile, string what)
    {
        if (passwordFile is not null || Console.IsInputRedirected)
        {
            return Read(passwordFile, string.Empty);
        }
        var first = Read(null, $"new password for {what}: ");
        if (Read(null, "repeat it: ") != first)
        {
            throw new CliUsageException("the two passwords differ");
        }
        return first;
    }
}
