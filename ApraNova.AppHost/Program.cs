using ApraNova;
using ApraNova.AppHost.Payments;
using ApraNova.Hosting;
using ApraNova.Hosting.Aws;
using ApraNova.Hosting.Files;
using ApraNova.Hosting.Infrastructure;
using ApraNova.Hosting.Web;

// ApraNova as in the production architecture: browser → web (Next.js) → api (ASP.NET Core) →
// PostgreSQL (apranova_db), Redis and the files store, with Stripe (or the local fake) beside the
// api. `ApraNova:Infrastructure` picks containers or local processes for the data tier (README);
// publishing maps the same model to AWS. The machinery lives in ApraNova.Hosting.
try
{
    BuildApraNova(args).Run();
    return 0;
}
catch (HostingPrerequisiteException problem)
{
    // Something this machine lacks: one message naming the fix, no stack trace.
    Console.Error.WriteLine(problem.Message);
    return 1;
}

static DistributedApplication BuildApraNova(string[] args)
{
    var builder = DistributedApplication.CreateBuilder(args);
    Prerequisites.Check(builder, new Dictionary<string, int> { ["api"] = ResourceNames.ApiPort, ["web"] = ResourceNames.WebPort });
    var local = LocalInfrastructure.Resolve(builder);

    // Publish: the same model as an AWS CDK app (ECS Fargate, RDS, ElastiCache, EFS); see ApraNova.Hosting.Aws.
    builder.AddAwsCdkEnvironment("aws");

    // Data tier
    var database = builder.AddPostgresDatabase(local, ResourceNames.Postgres, ResourceNames.Database, ResourceNames.DatabaseName);
    var redis = builder.AddRedisCache(local, ResourceNames.Redis);
    var files = builder.AddFileStorage(ResourceNames.Files, local.Paths.Files);

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
        // Memory for the task's budget (1 GB, 0.5 vCPU), read from the environment only: the GC's
        // gen0 budget (by default sized from the host CPU's cache, ~16 MB here) and glibc's malloc
        // arenas (by default up to 8 per core, each grown by the threads that used it). Under
        // bench/run-all.sh the api peaked at 222-226 MB with neither, 189-205 with the first, 161 with both,
        // with no throughput change beyond the noise (alternating bench/webhooks.sh and
        // bench/api-bench.sh runs with and without them).
        .WithEnvironment("DOTNET_GCgen0size", "0x400000")
        .WithEnvironment("MALLOC_ARENA_MAX", "2")
        .PublishAsFargateService(service =>
        {
            service.ContainerPort = ResourceNames.ApiPort;
            service.PathPatterns = ["/api/*", "/admin/*"];
            service.ReadinessPath = "/health"; // load balancer: database and cache answer
            service.LivenessPath = "/alive";   // container: the process answers
            service.MountFileSystem(files.Resource, "Files__RootPath"); // EFS
        });

    var web = builder.AddNextJsWeb(ResourceNames.Web, "../ApraNova.Web", port: ResourceNames.WebPort)
        .WithApi(api)
        .PublishAsFargateService(service => service.ReadinessPath = "/"); // the load balancer's default route

    // Links in emails and Stripe's return URLs point at the web, the browser-facing origin.
    api.WithEnvironment("App__PublicUrl", web.GetEndpoint("http"));
    api.WithStripe(); // Stripe keys, or the local fake Stripe (Payments/StripeExtensions.cs)

    // Mail: Amazon SES in AWS, from this address only (the api's task role may send nothing else;
    // verify it in SES first, README). Local runs keep mail in the dev outbox below.
    var mailSender = builder.AddParameter("mail-sender", "no-reply@apranova.app", publishValueAsDefault: true);
    api.WithEnvironment("Mail__Ses__From", mailSender);

    // In AWS the api takes client addresses from X-Forwarded-For only when the connection comes
    // from the ALB, i.e. from inside the VPC (locally it trusts only the web's forwarder on loopback).
    if (builder.ExecutionContext.IsPublishMode)
    {
        api.WithEnvironment("ForwardedHeaders__KnownNetworks__0", ApraNova.Hosting.Aws.Cdk.Architecture.VpcCidr);
    }

    // Development only: mail goes to the dev outbox (logs and /api/dev/mail), never to AWS.
    if (builder.ExecutionContext.IsRunMode)
    {
        api.WithEnvironment("Mail__DevOutbox", "true");
    }

    return builder.Build();
}
