using System.CommandLine;
using OnchainMarket.Agent.State;
using OnchainMarket.Agent.Units;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>`omkt prover jobs`: the jobs saved in a prover's state folder.</summary>
internal static class ProverJobsCommand
{
    public static Command Create()
    {
        var state = new Option<string>("--state") { Description = "The prover's state folder", Required = true };
        var command = new Command("jobs", "List the jobs a prover has saved (phase, price, earnings) and its breaker") { state };
        command.SetAction(parse => ChainErrors.Run(() =>
        {
            var folder = parse.GetValue(state)!;
            if (!Directory.Exists(folder))
            {
                throw new CliUsageException($"--state {folder}: no such folder");
            }
            var store = new JobStore(folder);
            var breaker = store.LoadBreaker();
            Console.WriteLine(breaker.Open ? $"breaker: OPEN ({breaker.Reason})" : "breaker: closed");
            foreach (var job in store.LoadAll())
            {
                Console.WriteLine($"request {job.RequestId,-5} round {job.Round} {job.Mechanism,-9} {job.Phase,-13} price {TokenAmount.FormatEther(job.Price)}  earned {TokenAmount.FormatEther(job.Earned)}  {job.Note}");
            }
            return 0;
        }));
        return command;
    }
}
