using ApraNova;
using ApraNova.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = InfrastructureModeResolver.Resolve(builder);
var paths = LocalPaths.From(builder);

var database = builder.AddApraNovaDatabase(infrastructure, paths);
var redis = builder.AddApraNovaCache(infrastructure, paths);

builder.AddProject<Projects.ApraNova_Api>(ResourceNames.Api)
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
