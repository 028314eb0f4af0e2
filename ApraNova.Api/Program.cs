using ApraNova;
using ApraNova.Api.Data;
using ApraNova.Api.Features;
using ApraNova.Api.Features.Curriculum;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Infrastructure;
using ApraNova.Api.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

// The Aspire integrations' own health checks are replaced by the named ones below.
builder.AddNpgsqlDbContext<ApraNovaDbContext>(ResourceNames.Database,
    settings => settings.DisableHealthChecks = true,
    options => options.UseSnakeCaseNamingConvention());
builder.AddRedisClient(ResourceNames.Redis,
    settings => settings.DisableHealthChecks = true);
builder.Services.AddHealthChecks().AddDependencyHealthChecks();

builder.Services.AddApraNovaAuthentication();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.AddLearning();
builder.AddPayments();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

await app.MigrateDatabaseAsync();
await app.SeedCurriculumAsync();

app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapDefaultEndpoints();
app.MapLearningApi();
app.MapPaymentsApi();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
