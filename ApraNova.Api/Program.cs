using ApraNova;
using ApraNova.Api.Data;
using ApraNova.Api.Features;
using ApraNova.Api.Features.Accounts;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Curriculum;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure;
using ApraNova.Api.Infrastructure.Auth;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.OpenApi;
using ApraNova.Api.Infrastructure.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

// The Aspire integrations' own health checks are replaced by the named ones below.
builder.AddNpgsqlDbContext<ApraNovaDbContext>(ResourceNames.Database,
    settings => settings.DisableHealthChecks = true,
    options => options.UseSnakeCaseNamingConvention());
builder.AddRedisClient(ResourceNames.Redis,
    settings => settings.DisableHealthChecks = true);
builder.Services.AddHealthChecks().AddDependencyHealthChecks();

// Cross-cutting: errors, validation, documentation, proxies, security.
builder.Services.AddApiErrorHandling();
builder.Services.AddValidation();
builder.Services.AddApiDocumentation();
builder.Services.AddApiForwardedHeaders();
builder.Services.AddApraNovaAuthentication();
builder.Services.AddSharedDataProtection();
builder.Services.AddRedisRateLimiting();

// Features.
builder.Services.AddAccounts();
builder.Services.AddAudit();
builder.Services.AddMail(builder.Configuration, builder.Environment);
builder.AddLearning();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();

await app.MigrateDatabaseAsync();
await app.BootstrapSuperAdminAsync();
await app.SeedCurriculumAsync();

app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}
app.MapDefaultEndpoints();

app.MapAuthApi();
app.MapUsersAdminApi();
app.MapAuditApi();
app.MapDevOutboxApi(app.Configuration);
app.MapLearningApi();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
