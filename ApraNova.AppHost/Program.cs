using ApraNova;

var builder = DistributedApplication.CreateBuilder(args);

// Publish: the same model as AWS CDK (ECS Fargate, RDS, ElastiCache, EFS); see Publishing/.
builder.AddAwsCdkEnvironment("aws");

var postgres = builder.AddPostgres(ResourceNames.Postgres).WithImageTag("14");
var database = postgres.AddDatabase(ResourceNames.Database, ResourceNames.DatabaseName);
var redis = builder.AddRedis(ResourceNames.Redis).WithImageTag("7");

builder.AddProject<Projects.ApraNova_Api>(ResourceNames.Api)
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithHttpHealthCheck("/health")
    .PublishAsFargateService(service =>
    {
        service.ContainerPort = ResourceNames.ApiPort;
        service.PathPatterns = ["/api/*", "/admin/*"];
    });

builder.Build().Run();
