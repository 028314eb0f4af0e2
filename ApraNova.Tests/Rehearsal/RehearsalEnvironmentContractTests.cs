using ApraNova.Tests.Hosting.Aws;

namespace ApraNova.Tests.Rehearsal;

/// <summary>
/// The rehearsal's contract with the template, checked in every test run (the rehearsal itself
/// runs with bench/rehearsal.sh): every variable and secret of both task definitions resolves to a
/// stand-in, the values it remaps are the ones it expects, and the data stores are reached over TLS.
/// </summary>
[Collection(AwsPublishCollection.Name)]
public sealed class RehearsalEnvironmentContractTests(AwsPublishFixture fixture)
{
    private static readonly StandIns StandIns = new("127.0.0.1", 15432, "db-password", "127.9.9.9", "cache-token", "127.0.0.1:18080",
        new Dictionary<string, string>
        {
            ["ApraNova/stripe-secret-key"] = "sk_test_x",
            ["ApraNova/stripe-webhook-secret"] = "whsec_x",
            ["ApraNova/stripe-publishable-key"] = "pk_test_x",
        });

    [Fact]
    public void Every_variable_and_secret_of_both_tasks_resolves_to_a_stand_in()
    {
        var environment = new TaskEnvironment(fixture.ApplicationJson, StandIns);
        var (api, apiSecrets) = environment.Resolve("api");
        var (web, webSecrets) = environment.Resolve("web");

        // The values the rehearsal replaces with where they are on this machine.
        Assert.Equal("8000", api["HTTP_PORTS"]);
        Assert.Equal("/mnt/files", api["Files__RootPath"]);
        Assert.Equal("http://localhost:4317", api["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("3000", web["PORT"]);
        Assert.Equal("http://localhost:4317", web["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("production", web["NODE_ENV"]);
        Assert.Empty(webSecrets);

        // Public origin, SES sender, first admin: parameters and the load balancer.
        Assert.Equal("http://127.0.0.1:18080", api["App__PublicUrl"]);
        Assert.Equal("http://127.0.0.1:18080", web["API_URL"]);
        Assert.Equal("no-reply@apranova.app", api["Mail__Ses__From"]);

        // The data stores, over TLS, with the passwords their secrets hold.
        Assert.Equal("Host=127.0.0.1;Port=15432;Database=apranova_db;Username=apranova_admin;Password=db-password;SSL Mode=Require", apiSecrets["ConnectionStrings__apranova-db"]);
        Assert.Equal("127.9.9.9:6379,ssl=true,password=cache-token,abortConnect=false", apiSecrets["ConnectionStrings__redis"]);
        Assert.Equal("sk_test_x", apiSecrets["Stripe__SecretKey"]);
        Assert.True(apiSecrets["Jwt__SigningKey"].Length >= 64);
    }

    [Fact]
    public void A_placeholder_secret_without_a_value_is_named_not_guessed()
    {
        var environment = new TaskEnvironment(fixture.ApplicationJson, StandIns with { OperatorSecrets = new Dictionary<string, string>() });
        var missing = Assert.Throws<StandInMissingException>(() => environment.Resolve("api"));
        Assert.Contains("ApraNova/stripe-", missing.Message, StringComparison.Ordinal);
    }
}
