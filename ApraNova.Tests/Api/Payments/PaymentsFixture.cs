using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Api.Payments;

/// <summary>
/// The api with payments configured, its database (from <see cref="ApiFactory"/>: a fresh one
/// for this collection) and the fake Stripe, all in-process and wired to each other through
/// test-server handlers: the api's Stripe.net calls reach the fake, the fake's webhooks reach the api.
/// <see cref="ApiFactory"/> itself stays the api WITHOUT Stripe keys (the "not configured" case).
/// </summary>
public sealed class PaymentsFixture : IAsyncLifetime
{
    private ApiFactory? api;
    private WebApplicationFactory<ApiEntryPoint>? payments;

    /// <summary>Extra service registrations for the api (set before it starts), e.g. a fault injected into its DbContext.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
    private FakeStripeFactory? stripe;

    /// <summary>The api's database and helpers (users, outbox).</summary>
    public ApiFactory Api => api ?? throw new InvalidOperationException("Not initialized.");
    private WebApplicationFactory<ApiEntryPoint> PaymentsApi => payments ?? throw new InvalidOperationException("Not initialized.");
    public FakeStripeFactory Stripe => stripe ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>Browser-side client of the fake (hosted Checkout page, test aids).</summary>
    public HttpClient StripeBrowser { get; private set; } = null!;
    /// <summary>Server-side client of the fake's REST API, with the secret key.</summary>
    public HttpClient StripeApi { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        api = new ApiFactory { ConfigureServices = ConfigureServices };
        await ((IAsyncLifetime)api).InitializeAsync();
        stripe = new FakeStripeFactory(() => PaymentsApi.Server.CreateHandler());
        payments = api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Stripe:SecretKey", FakeStripeFactory.ApiKey);
            builder.UseSetting("Stripe:WebhookSecret", FakeStripeFactory.WebhookSecret);
            builder.UseSetting("Stripe:PublishableKey", "pk_test_apranova_payments_tests");
            builder.UseSetting("Stripe:ApiBase", FakeStripeFactory.BaseUrl);
            builder.ConfigureTestServices(services =>
                services.AddHttpClient(StripeGateway.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Stripe.Server.CreateHandler()));
        });
        _ = payments.Server;
        _ = stripe.Server;
        StripeBrowser = stripe.CreateBrowser();
        StripeApi = stripe.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(FakeStripeFactory.BaseUrl) });
        StripeApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeStripeFactory.ApiKey);
    }

    public async Task DisposeAsync()
    {
        if (stripe is not null) await stripe.DisposeAsync();
        if (payments is not null) await payments.DisposeAsync();
        if (api is not null) await ((IAsyncLifetime)api).DisposeAsync();
    }

    public static string NewEmail() => ApiFactory.NewEmail("buyer");

    /// <summary>An anonymous client of the payments-enabled api (own cookies, own client IP).</summary>
    public HttpClient CreateApiClient() => ApiFactory.CreateApiClient(PaymentsApi);

    /// <summary>The api without Stripe keys.</summary>
    public HttpClient CreateUnconfiguredApiClient() => Api.CreateApiClient();

    public Task<HttpClient> CreateClientAsAsync(string role) => Api.CreateClientAsAsync(role, CreateApiClient());

    public Task<(HttpClient Client, Guid UserId, string Email)> SignUpStudentAsync() => ApiFactory.SignUpStudentAsync(CreateApiClient());

    public DbScope CreateDbScope() => Api.CreateDbScope();

    /// <summary>
    /// Adds a new trainer to the track. Enrollment gives a student the least-loaded trainer below
    /// the cap of 20, so a test that needs its buyer to get a trainer adds one with free seats
    /// itself, whatever number of students earlier tests of the collection enrolled.
    /// </summary>
    public async Task<Guid> AddTrainerWithFreeSeatsAsync(string trackCode)
    {
        var (trainerId, _) = await Api.CreateUserAsync(Roles.Trainer);
        await using var scope = CreateDbScope();
        var track = await scope.Db.Tracks.SingleAsync(t => t.Code == trackCode);
        scope.Db.TrackTrainers.Add(new TrackTrainer { TrackId = track.Id, TrainerId = trainerId });
        await scope.Db.SaveChangesAsync();
        return trainerId;
    }

    public async Task<(string Url, string SessionId)> StartCheckoutAsync(HttpClient client, string trackCode)
    {
        var response = await client.PostAsJsonAsync("/api/payments/checkout", new { trackCode });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"checkout: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = (await response.Content.ReadFromJsonAsync<CheckoutResponse>())!;
        return (body.Url, body.SessionId);
    }

    /// <summary>The customer on Stripe's hosted page: fills the email and pays (or is declined).</summary>
    public Task<HttpResponseMessage> PayAsync(string sessionUrl, string? email, bool declineCard = false, bool holdWebhooks = false)
    {
        var form = new Dictionary<string, string> { ["action"] = declineCard ? "decline" : "pay", ["name"] = "Test Buyer" };
        if (email is not null) form["email"] = email;
        var path = new Uri(sessionUrl).PathAndQuery + (holdWebhooks ? "?webhooks=hold" : "");
        return StripeBrowser.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Webhooks arrive in the background: poll the ledger until the payment reaches the state.</summary>
    public async Task<Payment> WaitForPaymentAsync(string sessionId, PaymentState state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        Payment? payment;
        do
        {
            await using (var scope = CreateDbScope())
                payment = await scope.Db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.StripeSessionId == sessionId);
            if (payment?.State == state) return payment;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        throw new Xunit.Sdk.XunitException($"Payment for {sessionId} is {payment?.State.ToString() ?? "missing"}, expected {state}.");
    }

    /// <summary>Polls the outbox until at least <paramref name="count"/> emails (optionally matching) reached the address.</summary>
    public async Task<IReadOnlyList<OutboxEmail>> WaitForEmailsAsync(string email, int count, string? subjectContains = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        IReadOnlyList<OutboxEmail> emails;
        do
        {
            emails = (await Api.ReadOutboxAsync(email)).Where(m => subjectContains is null || m.Subject.Contains(subjectContains)).ToList();
            if (emails.Count >= count) return emails;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        throw new Xunit.Sdk.XunitException($"{emails.Count} email(s) to {email}, expected {count}.");
    }
}
