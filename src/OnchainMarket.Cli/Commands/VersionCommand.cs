using System.CommandLine;
using System.Reflection;

namespace OnchainMarket.Cli.Commands;

/// <summary>`omkt version`: prints the version of this build.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version of omkt");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine($"omkt {version}");
            return 0;
        });
        return command;
    }
}
