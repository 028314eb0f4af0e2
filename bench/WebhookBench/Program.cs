// Webhook throughput: prepares N paid Checkout sessions through the api and the fake Stripe
// (events held, not delivered), then fires their events at the api's webhook endpoint, signed
// as Stripe signs them, with duplicates mixed in and in shuffled order, from this second process.
// Prints events applied per second and the duplicate count. --warmup N sessions (default 60) are
// fired first and not counted; --warmup 0 measures a cold api, as before.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

var api = new Uri(Arg("--api", "http://127.0.0.1:8000"));
var fake = new Uri(Arg("--fake", "http://127.0.0.1:12111"));
var secret = Arg("--secret", "");
var sessions = int.Parse(Arg("--sessions", "200"), CultureInfo.InvariantCulture);
var duplicateRate = double.Parse(Arg("--duplicate-rate", "0.3"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(Arg("--concurrency", "16"), CultureInfo.InvariantCulture);
var track = Arg("--track", "DP");
var warmupSessions = int.Parse(Arg("--warmup", "60"), CultureInfo.InvariantCulture);
// Optional: the api's process id and its run-capped cgroup (cpu controller), to tell whether the
// api's CPU budget or something else (a lock, the database) limits the rate.
var apiPid = Arg("--api-pid", "");
var apiCpuCgroup = Arg("--api-cgroup", "");
// Optional: a file created when the firing starts (bench/webhooks.sh starts a trace then).
var fireMarker = Arg("--fire-marker", "");

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, AllowAutoRedirect = false })
{
    Timeout = TimeSpan.FromSeconds(60),
};
var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
var run = Guid.NewGuid().ToString("N")[..8];

// 1. N visitor checkouts, each paid on the fake's hosted page with its webhooks held back (and,
// first, the warm-up's: fired before the measured round, so that round measures an api whose JIT,
// EF Core accessors and pools are warm, as in production, rather than its first seconds).
Console.WriteLine($"preparing {sessions} paid checkout sessions (+{warmupSessions} for the warm-up) ...");
var prepare = Stopwatch.StartNew();
var warmupEvents = await PrepareAsync(warmupSessions, "warmup");
var events = await PrepareAsync(sessions, "bench");
Console.WriteLine($"prepared in {prepare.Elapsed.TotalSeconds:F1}s: {events.Count} distinct events ({string.Join(", ", events.GroupBy(e => e.Type).Select(g => $"{g.Key} {g.Count()}"))})");

// 2. Deliveries: every event once, some again (Stripe retries, duplicates), all shuffled.
// Only handled types are recorded as processed; extra copies of an ignored type (charge.succeeded) stay "ignored".
string[] handled = ["checkout.session.completed", "payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded"];
var deliveries = Deliveries(events);
var expectedDuplicates = deliveries.Count(d => handled.Contains(d.Type)) - events.Count(e => handled.Contains(e.Type));

// 3. Fire them (the warm-up's first, not counted).
if (warmupEvents.Count > 0)
{
    var warmup = Stopwatch.StartNew();
    var warmupOutcomes = new ConcurrentDictionary<string, int>();
    await FireAsync(Deliveries(warmupEvents), warmupOutcomes, new ConcurrentBag<double>());
    Console.WriteLine($"warm-up: {warmupOutcomes.GetValueOrDefault("applied")} events applied in {warmup.Elapsed.TotalSeconds:F1}s (not counted)");
}
var outcomes = new ConcurrentDictionary<string, int>();
var latencies = new ConcurrentBag<double>();
if (fireMarker.Length > 0)
{
    File.WriteAllText(fireMarker, "firing");
    await Task.Delay(TimeSpan.FromSeconds(1)); // the trace session attaches meanwhile
}
var cpuBefore = ApiCpuSeconds();
var throttleBefore = Throttling();
var clock = Stopwatch.StartNew();
await FireAsync(deliveries, outcomes, latencies);
clock.Stop();
var apiCpu = ApiCpuSeconds() - cpuBefore;
var throttleAfter = Throttling();

int Count(string key) => outcomes.GetValueOrDefault(key);
var sorted = latencies.Order().ToArray();
double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
var seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"""

    webhook deliveries:   {deliveries.Count} ({events.Count} distinct events, {expectedDuplicates} duplicate deliveries mixed in), concurrency {concurrency}
    outcomes:             {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}
    duplicates detected:  {Count("duplicate")} (expected {expectedDuplicates} among handled event types)
    wall time:            {seconds:F2}s
    events applied/s:     {Count("applied") / seconds:F1}
    deliveries/s:         {deliveries.Count / seconds:F1}
    latency ms:           p50 {Percentile(0.50):F1}  p95 {Percentile(0.95):F1}  p99 {Percentile(0.99):F1}  max {sorted.LastOrDefault():F1}
    """);
if (apiPid.Length > 0)
    Console.WriteLine($"api CPU while firing:  {apiCpu:F2}s = {apiCpu / seconds:P0} of one core (cap 50 %), {apiCpu * 1000 / Math.Max(1, Count("applied")):F2} ms per applied event");
if (apiCpuCgroup.Length > 0)
    Console.WriteLine($"api CPU throttled:     {throttleAfter.Throttled - throttleBefore.Throttled} of {throttleAfter.Periods - throttleBefore.Periods} periods, {(throttleAfter.Nanoseconds - throttleBefore.Nanoseconds) / 1e9:F2}s in all");
var failures = outcomes.Where(o => o.Key.StartsWith("http ", StringComparison.Ordinal)).Sum(o => o.Value);
return failures == 0 && Count("duplicate") == expectedDuplicates ? 0 : 1;

async Task<List<(string Id, string Type, string Json)>> PrepareAsync(int count, string label)
{
    var prepared = new ConcurrentBag<(string Id, string Type, string Json)>();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
    {
        var checkout = await http.PostAsJsonAsync(new Uri(api, "/api/payments/checkout"), new { trackCode = track }, ct);
        checkout.EnsureSuccessStatusCode();
        var session = (await checkout.Content.ReadFromJsonAsync<JsonElement>(web, ct)).GetProperty("sessionId").GetString()!;
        var pay = await http.PostAsync(new Uri(fake, $"/checkout/{session}?webhooks=hold"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = $"{label}-{run}-{i}@example.test",
            ["name"] = $"Bench {i}",
            ["action"] = "pay",
        }), ct);
        if ((int)pay.StatusCode is < 300 or >= 400) throw new InvalidOperationException($"paying {session}: {(int)pay.StatusCode}");
        var recorded = await http.GetFromJsonAsync<List<JsonElement>>(new Uri(fake, $"/_fake/objects/{session}/events"), web, ct);
        foreach (var e in recorded!)
            prepared.Add((e.GetProperty("id").GetString()!, e.GetProperty("type").GetString()!, e.GetProperty("json").GetString()!));
    });
    return [.. prepared];
}

List<(string Id, string Type, string Json)> Deliveries(List<(string Id, string Type, string Json)> distinct)
{
    var list = new List<(string Id, string Type, string Json)>();
    foreach (var e in distinct)
    {
        list.Add(e);
        if (Random.Shared.NextDouble() < duplicateRate) list.Add(e);
        if (Random.Shared.NextDouble() < duplicateRate / 3) list.Add(e);
    }
    Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
    return list;
}

Task FireAsync(List<(string Id, string Type, string Json)> toFire, ConcurrentDictionary<string, int> results, ConcurrentBag<double> times) =>
    Parallel.ForEachAsync(toFire, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (e, ct) =>
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(api, "/api/payments/webhook"))
        {
            Content = new StringContent(e.Json, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", Sign(e.Json, secret));
        using var response = await http.SendAsync(request, ct);
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        var key = response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>(web, ct)).GetProperty("outcome").GetString()!
            : $"http {(int)response.StatusCode}";
        results.AddOrUpdate(key, 1, (_, n) => n + 1);
    });

// utime + stime of every thread of the api, in seconds (/proc/<pid>/stat counts clock ticks, 100 per second).
double ApiCpuSeconds()
{
    if (apiPid.Length == 0) return 0;
    var stat = File.ReadAllText($"/proc/{apiPid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

(long Periods, long Throttled, long Nanoseconds) Throttling()
{
    if (apiCpuCgroup.Length == 0) return default;
    var values = File.ReadAllLines(Path.Combine(apiCpuCgroup, "cpu.stat"))
        .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
    // cgroup v1 counts nanoseconds, v2 microseconds.
    return (values["nr_periods"], values["nr_throttled"],
        values.TryGetValue("throttled_time", out var ns) ? ns : values.GetValueOrDefault("throttled_usec") * 1000);
}

static string Sign(string payload, string secret)
{
    var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
    return $"t={t},v1={Convert.ToHexStringLower(mac)}";
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
