using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using ApraNova.Api.Features.Auth;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure;
using ApraNova.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ApraNova.Tests.Api;

/// <summary>
/// The real api in-process over real PostgreSQL and Redis. Each factory gets its OWN database
/// (<c>apranova_test_&lt;guid&gt;</c>, migrated by the api's start-up, dropped at the end) and its
/// own files folder; Redis is shared, so tests use unique data (random emails, unique client IPs).
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<ApiEntryPoint>, IAsyncLifetime
{
    /// <summary>The password of every user the helpers create.</summary>
    public const string DefaultPassword = "correct-horse-battery-staple";

    private InfrastructureFixture? infrastructure;
    private string? serverConnectionString;

    /// <summary>Extra configuration for a one-off factory (set before it starts), e.g. bootstrap settings.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Extra service registrations for a one-off factory (set before it starts), e.g. a log recorder.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Hosting environment; Development unless a test needs production behaviour.</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>
    /// Set to another factory's <see cref="DatabaseName"/> to run a second api instance ("task")
    /// on the same database; that factory then neither creates nor drops it.
    /// </summary>
    public string? SharedDatabaseName { get; init; }

    /// <summary>
    /// Serve on a real loopback socket (Kestrel) instead of the in-memory test server, for tests
    /// that depend on the connection's peer address (<see cref="CreateSocketClient"/>).
    /// </summary>
    public bool ListenOnSocket { get; init; }

    public string DatabaseName => SharedDatabaseName ?? ownDatabaseName;
    private readonly string ownDatabaseName = $"apranova_test_{Guid.NewGuid():N}";
    public string FilesRootPath { get; } = Directory.CreateTempSubdirectory("apranova-files-").FullName;
    public string DatabaseConnectionString { get; private set; } = "";
    public string RedisConnectionString => Infrastructure.RedisConnectionString;

    private InfrastructureFixture Infrastructure =>
        infrastructure ?? throw new InvalidOperationException("ApiFactory is used before InitializeAsync.");

    public async Task InitializeAsync()
    {
        // Reference-counted: every factory shares one PostgreSQL + Redis, stopped with the last one.
        infrastructure = new InfrastructureFixture();
        await infrastructure.InitializeAsync();
        serverConnectionString = Infrastructure.DatabaseConnectionString;
        if (SharedDatabaseName is null)
        {
            await using var connection = new NpgsqlConnection(serverConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        DatabaseConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = DatabaseName }.ConnectionString;
        // Start the api now (migrations run at start-up), not inside the first test.
        if (ListenOnSocket)
        {
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            StartServer();
        }
        else
        {
            _ = Server;
        }
    }

    /// <summary>
    /// A client whose connections come from <paramref name="localAddress"/> (any 127.x.y.z: all of
    /// 127.0.0.0/8 is loopback), so the api sees that peer address. Needs <see cref="ListenOnSocket"/>.
    /// </summary>
    public HttpClient CreateSocketClient(IPAddress localAddress) =>
        new(CreateSocketHandler(localAddress)) { BaseAddress = SocketAddress };

    /// <summary>The api's address on its socket (with <see cref="ListenOnSocket"/>).</summary>
    public Uri SocketAddress => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <summary>A handler whose connections to the api come from <paramref name="localAddress"/>.</summary>
    public SocketsHttpHandler CreateSocketHandler(IPAddress localAddress) =>
        new()
        {
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(localAddress, 0));
                    await socket.ConnectAsync(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("ConnectionStrings:apranova-db", DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:redis", RedisConnectionString);
        builder.UseSetting("Files:RootPath", FilesRootPath);
        builder.UseSetting("Jwt:SigningKey", "test-signing-key-" + Guid.NewGuid().ToString("N"));
        builder.UseSetting("Mail:DevOutbox", "true");
        builder.UseSetting("App:PublicUrl", "http://localhost:3000");
        // Tests never reach GitHub: README look-ups go to a closed local port and degrade at once.
        builder.UseSetting("GitHub:ApiBase", "http://127.0.0.1:9");
        // The per-IP log-in limit keeps its production size (30) but gets a long window, so the
        // test that makes 31 attempts does not depend on finishing them within one minute.
        builder.UseSetting("RateLimiting:Policies:login-ip:PermitLimit", "30");
        builder.UseSetting("RateLimiting:Policies:login-ip:Window", "00:30:00");
        // A client that failed too often waits 10 s (30 s in production) before its next try, so the
        // tests that wait it out stay short; long enough that the request after the failures never
        // arrives after the wait on a loaded machine.
        builder.UseSetting("Auth:LoginThrottle:BaseDelay", "00:00:10");
        // Identity's production hash costs 100,000 PBKDF2 rounds (~0.1-0.5 s on this machine);
        // the suites create hundreds of users, so tests hash cheaply. Same code path otherwise.
        builder.ConfigureTestServices(services =>
        {
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1_000);
            ConfigureServices?.Invoke(services);
        });
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>
    /// A client with its own cookie jar (the refresh cookie) and its own client IP address (sent as
    /// X-Forwarded-For, as the ALB does; unique in the run unless given), so per-IP rate limits of
    /// one test never spill into another.
    /// </summary>
    public HttpClient CreateApiClient(IPAddress? clientIp = null, bool handleCookies = true) =>
        CreateApiClient(this, clientIp, handleCookies);

    /// <summary>The same kind of client for another factory of the api (e.g. one with payments configured).</summary>
    public static HttpClient CreateApiClient(WebApplicationFactory<ApiEntryPoint> factory, IPAddress? clientIp = null, bool handleCookies = true)
    {
        var ip = new ClientIpHandler(clientIp ?? ClientIpHandler.NextUniqueAddress());
        if (factory is ApiFactory { ListenOnSocket: true } onSocket)
        {
            // Over loopback (a trusted forwarder by default), so the X-Forwarded-For address counts as with the test server.
            ip.InnerHandler = onSocket.CreateSocketHandler(IPAddress.Loopback);
            HttpMessageHandler handler = ip;
            if (handleCookies)
                handler = new CookieContainerHandler { InnerHandler = ip };
            return new HttpClient(handler) { BaseAddress = onSocket.SocketAddress };
        }
        return handleCookies ? factory.CreateDefaultClient(new CookieContainerHandler(), ip) : factory.CreateDefaultClient(ip);
    }

    /// <summary>Creates a user with <paramref name="role"/> (through UserManager) and logs in through the real endpoint.</summary>
    public async Task<HttpClient> CreateClientAsAsync(string role) => await CreateClientAsAsync(role, CreateApiClient());

    /// <summary>Creates a user with <paramref name="role"/> and logs <paramref name="client"/> in as that user.</summary>
    public async Task<HttpClient> CreateClientAsAsync(string role, HttpClient client)
    {
        var (_, email) = await CreateUserAsync(role);
        await LogInAsync(client, email, DefaultPassword);
        return client;
    }

    /// <summary>Creates a user directly (no session); returns its id and email.</summary>
    public async Task<(Guid UserId, string Email)> CreateUserAsync(string role, string? email = null, string password = DefaultPassword)
    {
        email ??= NewEmail(role);
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, FullName = $"Test {role}" };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(error => error.Description)));
        var added = await users.AddToRoleAsync(user, role);
        Assert.True(added.Succeeded, string.Join("; ", added.Errors.Select(error => error.Description)));
        return (user.Id, email);
    }

    /// <summary>Signs up a new student through the real endpoint; the client carries its access token and refresh cookie.</summary>
    public Task<(HttpClient Client, Guid UserId, string Email)> SignUpStudentAsync() => SignUpStudentAsync(CreateApiClient());

    /// <summary>Signs up a new student on <paramref name="client"/>, which then carries its access token and refresh cookie.</summary>
    public static async Task<(HttpClient Client, Guid UserId, string Email)> SignUpStudentAsync(HttpClient client)
    {
        var email = NewEmail("student");
        var confirmed = await SignUpAsync(client, email);
        var auth = await ApiAssert.Read<AuthResponse>(HttpStatusCode.Created, confirmed);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", auth.AccessToken);
        return (client, auth.User.Id, email);
    }

    /// <summary>
    /// The whole sign-up as a person does it: the form (202), the link from the email (read from
    /// the dev outbox, <c>/api/dev/mail</c>), the confirmation. Returns the confirmation's response
    /// (201, the session and its refresh cookie).
    /// </summary>
    public static async Task<HttpResponseMessage> SignUpAsync(HttpClient client, string email, string password = DefaultPassword, string fullName = "Test Student")
    {
        var response = await client.PostAsJsonAsync("/api/auth/signup", new { email, password, fullName });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"sign-up as {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var token = await ConfirmationTokenAsync(client, email);
        var confirmed = await client.PostAsJsonAsync("/api/auth/signup/confirm", new { token });
        Assert.True(confirmed.StatusCode == HttpStatusCode.Created, $"confirming {email}: {(int)confirmed.StatusCode} {await confirmed.Content.ReadAsStringAsync()}");
        return confirmed;
    }

    /// <summary>The token of the newest sign-up confirmation link emailed to <paramref name="email"/> (dev outbox).</summary>
    public static async Task<string> ConfirmationTokenAsync(HttpClient client, string email)
    {
        var mail = await client.GetFromJsonAsync<List<OutboxEmailDto>>($"/api/dev/mail?to={Uri.EscapeDataString(email)}");
        var link = mail!.Select(message => System.Text.RegularExpressions.Regex.Match(message.TextBody, @"/confirm-email\?token=(\S+)"))
            .FirstOrDefault(match => match.Success);
        Assert.True(link is not null, $"no confirmation link emailed to {email}");
        return Uri.UnescapeDataString(link.Groups[1].Value);
    }

    /// <summary>Logs in through the real endpoint and puts the access token on the client.</summary>
    public static async Task<AuthResponse> LogInAsync(HttpClient client, string email, string password = DefaultPassword)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.True(response.IsSuccessStatusCode, $"log-in as {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var auth = (await response.Content.ReadFromJsonAsync<AuthResponse>())!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", auth.AccessToken);
        return auth;
    }

    /// <summary>Emails the api sent to <paramref name="email"/>, oldest first.</summary>
    public async Task<IReadOnlyList<OutboxEmail>> ReadOutboxAsync(string email)
    {
        await using var scope = CreateDbScope();
        return await scope.Db.OutboxEmails.AsNoTracking()
            .Where(message => message.To == email)
            .OrderBy(message => message.CreatedAt)
            .ToListAsync();
    }

    /// <summary>A DI scope with the api's DbContext, for arranging and asserting on the database.</summary>
    public DbScope CreateDbScope() => new(Services.CreateAsyncScope());

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@test.apranova.dev";

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (serverConnectionString is not null && SharedDatabaseName is null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(serverConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(FilesRootPath, recursive: true); } catch (IOException) { }
        if (infrastructure is not null)
        {
            await infrastructure.DisposeAsync();
        }
    }
}
