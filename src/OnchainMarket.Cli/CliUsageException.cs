namespace OnchainMarket.Cli;

/// <summary>Bad input from the user (an argument, a file): reported in one line with exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
