// The benchmark's baseline: a bare Kestrel app that answers GET /api/tracks with the very bytes the
// api served for it (read once from BODY_FILE), with the same content type, and nothing else: no
// middleware, no telemetry, no DI work per request. Run under the same cap as the api, it is what
// the framework itself can do on that budget; bench/run-all.sh prints the api's ratio to it.
var bodyFile = Environment.GetEnvironmentVariable("BODY_FILE")
    ?? throw new InvalidOperationException("Set BODY_FILE to the response body to serve.");
var body = File.ReadAllBytes(bodyFile);
var contentType = Environment.GetEnvironmentVariable("BODY_CONTENT_TYPE") ?? "application/json; charset=utf-8";

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/api/tracks", () => Results.Bytes(body, contentType));
app.Run();
