using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ApraNova.Api.Infrastructure.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>: a bearer security scheme, and on every
/// endpoint that requires authorization its security requirement, the roles it needs and its
/// 401/403 responses, so a reader (or a generated client) sees the auth of each endpoint.
/// </summary>
public static class OpenApiSetup
{
    public const string BearerSchemeId = "Bearer";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "ApraNova API",
                    Version = "v1",
                    Description = "Accounts, curriculum, learning flow, submissions, files and payments of ApraNova.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerSchemeId] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "Access token from POST /api/auth/login, /signup or /refresh.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeAuthorization);
        });

    private static async Task DescribeAuthorization(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorizeData = metadata.OfType<IAuthorizeData>().ToList();
        var policies = metadata.OfType<AuthorizationPolicy>().ToList();
        if (metadata.OfType<IAllowAnonymous>().Any() || authorizeData.Count == 0 && policies.Count == 0)
        {
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(BearerSchemeId, context.Document)] = [],
        });
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid access token." });

        // Roles come from [Authorize(Roles=..)], inline policies and named policies alike.
        var policyProvider = context.ApplicationServices.GetRequiredService<IAuthorizationPolicyProvider>();
        foreach (var name in authorizeData.Select(data => data.Policy).OfType<string>())
        {
            if (await policyProvider.GetPolicyAsync(name) is { } named)
            {
                policies.Add(named);
            }
        }
        var roles = authorizeData.SelectMany(data => (data.Roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Concat(policies.SelectMany(policy => policy.Requirements.OfType<RolesAuthorizationRequirement>()).SelectMany(requirement => requirement.AllowedRoles))
            .Distinct()
            .ToList();
        if (roles.Count > 0)
        {
            var requirement = $"Requires role: {string.Join(" or ", roles)}.";
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = requirement });
            operation.Description = string.IsNullOrEmpty(operation.Description) ? requirement : $"{operation.Description}\n\n{requirement}";
        }
    }
}
