using System.Reflection;
using System.Text.RegularExpressions;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace ApraNova.Tests.Web;

/// <summary>
/// The web names roles and role sets as the api does (<c>ApraNova.Web/lib/roles.ts</c>): its
/// <c>ROLES</c> are the api's <see cref="Roles"/>, and each of its <c>ROLE_SETS</c> is one of the
/// api's <see cref="AuthorizationPolicies"/> with exactly the roles that policy admits, so a page
/// shown to "staff" is shown to whom the api serves as staff.
/// </summary>
public sealed partial class WebRolesTests
{
    private static readonly string RolesFile = Path.Combine(WebProject.Directory, "lib", "roles.ts");

    [Fact]
    public void The_webs_roles_are_the_apis_roles()
    {
        var declaration = RolesArray().Match(File.ReadAllText(RolesFile));
        Assert.True(declaration.Success, $"{RolesFile} declares `export const ROLES = [...] as const;`");

        Assert.Equal(Roles.All.Order(), Strings(declaration.Groups["roles"].Value).Order());
    }

    [Fact]
    public void Each_web_role_set_is_an_api_policy_with_the_same_roles()
    {
        var declaration = RoleSetsObject().Match(File.ReadAllText(RolesFile));
        Assert.True(declaration.Success, $"{RolesFile} declares `export const ROLE_SETS = {{ ... }}`");
        var webSets = RoleSetEntry().Matches(declaration.Groups["body"].Value)
            .ToDictionary(entry => entry.Groups["name"].Value.Trim('"'), entry => Strings(entry.Groups["roles"].Value).Order().ToList());

        var options = new AuthorizationOptions();
        options.AddApraNovaPolicies();
        var policyNames = typeof(AuthorizationPolicies).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(policyNames.Order(), webSets.Keys.Order());
        foreach (var name in policyNames)
        {
            var apiRoles = options.GetPolicy(name)!.Requirements.OfType<RolesAuthorizationRequirement>()
                .SelectMany(requirement => requirement.AllowedRoles).Order().ToList();
            Assert.True(apiRoles.SequenceEqual(webSets[name]),
                $"policy \"{name}\": the api admits [{string.Join(", ", apiRoles)}], lib/roles.ts says [{string.Join(", ", webSets[name])}]");
        }
    }

    private static IEnumerable<string> Strings(string list) => QuotedString().Matches(list).Select(match => match.Groups[1].Value);

    [GeneratedRegex(@"export const ROLES = \[(?<roles>[^\]]*)\] as const;")]
    private static partial Regex RolesArray();

    [GeneratedRegex(@"export const ROLE_SETS = \{(?<body>[^}]*)\}")]
    private static partial Regex RoleSetsObject();

    [GeneratedRegex(@"(?<name>""[\w-]+""|[\w]+)\s*:\s*\[(?<roles>[^\]]*)\]")]
    private static partial Regex RoleSetEntry();

    [GeneratedRegex(@"""([^""]*)""")]
    private static partial Regex QuotedString();
}
