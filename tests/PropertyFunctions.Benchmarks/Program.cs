using PropertyFunctions.Benchmarks;

// Benchmarks measure; tests assert. Run: dotnet run -c Release --project tests/PropertyFunctions.Benchmarks -- <name>
var benchmarks = new Dictionary<string, Func<string[], Task>>
{
    ["sms-segments"] = SmsSegmentsBenchmark.RunAsync,
    ["submit"] = SubmitBenchmark.RunAsync,
    ["lifecycle"] = LifecycleBenchmark.RunAsync,
    ["fee-reminders"] = FeeRemindersBenchmark.RunAsync,
    ["notice-broadcast"] = NoticeBroadcastBenchmark.RunAsync,
    ["photos"] = PhotosBenchmark.RunAsync,
    ["azurite-queues"] = AzuriteQueuesBenchmark.RunAsync,
    ["azurite-save"] = AzuriteSaveBenchmark.RunAsync,
};
if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project tests/PropertyFunctions.Benchmarks -- <{string.Join('|', benchmarks.Keys)}>");
    return 2;
}
await run(args[1..]);
return 0;
