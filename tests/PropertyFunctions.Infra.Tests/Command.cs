using System.Diagnostics;

namespace PropertyFunctions.Infra.Tests;

/// <summary>Runs a command line tool (the Bicep CLI, <c>sh</c> for the azd hooks) to completion and keeps what it printed.</summary>
public static class Command
{
    /// <param name="environment">Variables to set; a null value removes the variable this process would pass on.</param>
    public static CommandResult Run(
        string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {timeout}");
        }
        return new CommandResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    /// <summary>Bicep diagnostics print as "file(line,col) : Warning|Error code: message".</summary>
    public IReadOnlyList<string> Diagnostics =>
        Output.Split('\n').Where(l => l.Contains(" : Warning ", StringComparison.Ordinal) || l.Contains(" : Error ", StringComparison.Ordinal)).ToList();
}
