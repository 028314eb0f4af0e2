using ApraNova;
using ApraNova.AppHost.Infrastructure;
using ApraNova.Hosting.Aws;

// ApraNova as in the seed's architecture: PostgreSQL (apranova_db), Redis and a files store
// behind the api; the web in front of the api. `ApraNova:Infrastructure` picks containers or local
// processes for the data tier (see README); publishing maps the same model to AWS.
var builder = DistributedApplication.CreateBuilder(args);

Prerequisites.Check(builder, new Dictionary<string, int> { ["api"] = ResourceNames.ApiPort, ["web"] = ResourceNames.WebPort });
var infrastructure = InfrastructureModeResolver.Resolve(builder);
var paths = LocalPaths.From(builder);

// Publish: the same model as an AWS CDK app (ECS Fargate, RDS, ElastiCache, EFS); see ApraNova.Hosting.Aws.
builder.AddAwsCdkEnvironment("aws");

// Data tier
var database = builder.AddApraNovaDatabase(infrastructure, paths);   // postgres → apranova-db
var redis = builder.AddApraNovaCache(infrastructure, paths);         // redis
var files = builder.AddFileStorage(ResourceNames.Files, paths.Files); // files

// Secrets: generated on first run, then kept in the AppHost's user secrets (tokens survive restarts).
var jwtSigningKey = builder.AddParameter("jwt-signing-key",
    new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true);

// The first administrator of a fresh install: the api creates it only while no superadmin exists.
var superAdminEmail = builder.AddParameter("superadmin-email", "admin@apranova.local", publishValueAsDefault: true);
var superAdminPassword = builder.AddParameter("superadmin-password",
    new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true);

// Application tier
var api = builder.AddProject<Projects.ApraNova_Api>(ResourceNames.Api)   // http://localhost:8000 (launch profile)
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithFileStorage(files)
    .WithEnvironment("Jwt__SigningKey", jwtSigningKey)
    .WithEnvironment("Bootstrap__SuperAdminEmail", superAdminEmail)
    .WithEnvironment("Bootstrap__SuperAdminPassword", superAdminPassword)
    .WithHttpHealthCheck("/health")
    .PublishAsFargateService(service =>
    {
        service.ContainerPort = ResourceNames.ApiPort;
        service.PathPatterns = ["/api/*", "/admin/*"];
        service.ReadinessPath = "/health"; // load balancer: database and cache answer
        service.LivenessPath = "/alive";   // container: the process answers
        service.MountFileSystem(files.Resource, "Files__RootPath"); // EFS
    });

var web = builder.AddNextJsApp(ResourceNames.Web, "../ApraNova.Web", port: ResourceNames.WebPort)
    .WithApi(api)
    .PublishAsFargateService(service => service.ReadinessPath = "/"); // the load balancer's default route

// Links in emails and Stripe's return URLs point at the web, the browser-facing origin.
api.WithEnvironment("App__PublicUrl", web.GetEndpoint("http"));
api.WithStripe(); // Stripe keys, or the local fake Stripe (ApraNova.AppHost/Payments)

// Development only: mail goes to the dev outbox (logs and /api/dev/outbox), never to AWS.
if (builder.ExecutionContext.IsRunMode)
{
    api.WithEnvironment("Mail__DevOutbox", "true");
}

builder.Build().Run();
