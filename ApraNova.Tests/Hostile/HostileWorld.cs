using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Security;
using ApraNova.Tests.Api;
using ApraNova.Tests.Api.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace ApraNova.Tests.Hostile;

/// <summary>
/// The api the hostile suite attacks, on a real socket (so the web can stand in front of it),
/// with Stripe answered by the fake, and a small world in it: two tracks, their trainers, a
/// student with work handed in, a never-enrolled student, staff, and a VICTIM (a student of the
/// other track, with work and files) whose ids the attackers use. Staff get their own sandbox
/// objects to act on, so what staff may legitimately change never touches the victim.
/// </summary>
public sealed class HostileWorld : IAsyncLifetime
{
    /// <summary>Known to the suite, so it can sign an expired token the api would otherwise accept.</summary>
    public const string SigningKey = "hostile-suite-signing-key-0123456789abcdef0123456789abcdef";

    private FakeStripeFactory? stripe;

    public ApiFactory Api { get; }

    public OpenApiDocument Document { get; private set; } = null!;

    public StateFingerprint Fingerprint { get; private set; } = null!;

    public IReadOnlyList<HostileActor> Actors { get; private set; } = [];

    public HostileActor Anonymous { get; } = new("anonymous", null, IsStaff: false, HoldsValidToken: false);

    public Guid VictimId { get; private set; }

    /// <summary>Ids a non-staff attacker tries: their own, the victim's, other tracks', unknown ones.</summary>
    public IReadOnlyList<string> AttackerIds { get; private set; } = [];

    /// <summary>Ids staff act on: sandbox objects, tracks, unknown ones (never the victim's or the callers').</summary>
    public IReadOnlyList<string> StaffIds { get; private set; } = [];

    public IReadOnlyList<string> TrackCodes { get; private set; } = [];

    public StandaloneWebServer? Web { get; private set; }

    /// <summary>Why the web leg did not run, if it did not.</summary>
    public string? WebUnavailable { get; private set; }

    public HostileWorld()
    {
        Api = new ApiFactory
        {
            ListenOnSocket = true,
            ConfigureServices = services => services.AddHttpClient(StripeGateway.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => stripe!.Server.CreateHandler()),
        };
        Api.Settings["Jwt:SigningKey"] = SigningKey;
        // Long enough for the whole run: the actors' tokens must not expire half-way.
        Api.Settings["Jwt:AccessTokenLifetime"] = "03:00:00";
        Api.Settings["Stripe:SecretKey"] = FakeStripeFactory.ApiKey;
        Api.Settings["Stripe:WebhookSecret"] = FakeStripeFactory.WebhookSecret;
        Api.Settings["Stripe:PublishableKey"] = "pk_test_apranova_hostile";
        Api.Settings["Stripe:ApiBase"] = FakeStripeFactory.BaseUrl;
    }

    public async Task InitializeAsync()
    {
        // The fake only creates sessions here (nobody pays), so it never needs to reach the api.
        stripe = new FakeStripeFactory(() => new HttpClientHandler());
        _ = stripe.Server;
        await ((IAsyncLifetime)Api).InitializeAsync();

        using (var client = Api.CreateApiClient())
            Document = new OpenApiDocument(JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!);
        await ArrangeAsync();
        Fingerprint = await StateFingerprint.CreateAsync(Api.DatabaseConnectionString);

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            Web = await StandaloneWebServer.StartAsync(Api.SocketAddress, timeout.Token);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or OperationCanceledException or HttpRequestException)
        {
            // The suite still runs against the api directly; the report says why the web leg did not.
            WebUnavailable = ex.Message;
        }
    }

    public async Task DisposeAsync()
    {
        if (Web is not null) await Web.DisposeAsync();
        if (stripe is not null) await stripe.DisposeAsync();
        await ((IAsyncLifetime)Api).DisposeAsync();
    }

    private async Task ArrangeAsync()
    {
        var driver = new LearningDriver(Api);
        var kinds = new[] { DeliverableKind.File, DeliverableKind.Text };
        var attackersTrack = await driver.CreateTrackAsync((2, kinds), (1, [DeliverableKind.Link]));
        var victimsTrack = await driver.CreateTrackAsync((2, kinds), (1, [DeliverableKind.Github]));

        var (trainer, trainerId) = await driver.AddTrainerAsync(attackersTrack.Code);
        await driver.AddTrainerAsync(victimsTrack.Code);
        var (student, studentId, studentEnrollment) = await driver.EnrolledStudentAsync(attackersTrack.Code);
        var studentWork = await HandInAsync(student, attackersTrack);
        var (victim, victimId, victimEnrollment) = await driver.EnrolledStudentAsync(victimsTrack.Code);
        var victimWork = await HandInAsync(victim, victimsTrack);
        var (neverEnrolled, neverEnrolledId, _) = await Api.SignUpStudentAsync();
        var (_, sandboxStudentId, sandboxEnrollment) = await driver.EnrolledStudentAsync(attackersTrack.Code);
        var (sandboxUserId, _) = await Api.CreateUserAsync(Roles.Student);
        var admin = await driver.AdminAsync();
        var adminId = (await admin.GetFromJsonAsync<ApraNova.Api.Features.Auth.UserDto>("/api/auth/me"))!.Id;
        var superAdmin = await Api.CreateClientAsAsync(Roles.SuperAdmin);
        var superAdminId = (await superAdmin.GetFromJsonAsync<ApraNova.Api.Features.Auth.UserDto>("/api/auth/me"))!.Id;
        VictimId = victimId;

        HostileActor Signed(string name, HttpClient client, bool staff, Guid id) =>
            new(name, client.DefaultRequestHeaders.Authorization!.Parameter, staff, HoldsValidToken: true, id);
        Actors =
        [
            Anonymous,
            new("forged-signature", ForgedToken(superAdminId, Roles.SuperAdmin), IsStaff: false, HoldsValidToken: false),
            new("expired", SignedToken(studentId, Roles.Student, expired: true), IsStaff: false, HoldsValidToken: false),
            new("unsigned", UnsignedToken(superAdminId, Roles.SuperAdmin), IsStaff: false, HoldsValidToken: false),
            new("garbage-token", "not.a.jwt%", IsStaff: false, HoldsValidToken: false),
            Signed("student-never-enrolled", neverEnrolled, staff: false, neverEnrolledId),
            Signed("student", student, staff: false, studentId),
            Signed("trainer", trainer, staff: false, trainerId),
            Signed("admin", admin, staff: true, adminId),
            Signed("superadmin", superAdmin, staff: true, superAdminId),
        ];

        IEnumerable<Guid> TrackIds(TrackDetail track) =>
            track.Projects.SelectMany(p => p.Steps.Select(s => s.Id).Concat(p.Deliverables.Select(d => d.Id)).Append(p.Id)).Append(track.Id);
        string[] unknown = [Guid.NewGuid().ToString(), Guid.Empty.ToString()];
        AttackerIds = [.. new[] { victimId, victimEnrollment.Id, victimEnrollment.TrainerId!.Value, studentId, studentEnrollment.Id, trainerId, neverEnrolledId }
            .Concat(victimWork).Concat(studentWork).Concat(TrackIds(victimsTrack)).Concat(TrackIds(attackersTrack))
            .Select(id => id.ToString()).Concat(unknown)];
        StaffIds = [.. new[] { sandboxStudentId, sandboxEnrollment.Id, sandboxUserId, adminId }
            .Concat(TrackIds(attackersTrack)).Select(id => id.ToString()).Concat(unknown)];
        TrackCodes = [attackersTrack.Code, victimsTrack.Code, "DP", "FS", "NOPE"];
    }

    /// <summary>Uploads a file and hands in the first project's file and text deliverables; returns the ids made.</summary>
    private static async Task<Guid[]> HandInAsync(HttpClient student, TrackDetail track)
    {
        var deliverables = track.Projects[0].Deliverables;
        var fileId = await student.UploadPdfAsync();
        var onFile = await ApiAssert.Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = deliverables.Single(d => d.Kind == DeliverableKind.File).Id, fileId }));
        var onText = await ApiAssert.Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = deliverables.Single(d => d.Kind == DeliverableKind.Text).Id, text = "My notes" }));
        return [fileId, onFile.Id, onText.Id];
    }

    private static string SignedToken(Guid userId, string role, bool expired, string signingKey = SigningKey)
    {
        var now = DateTimeOffset.UtcNow;
        var issued = expired ? now.AddHours(-2) : now;
        var token = new JwtSecurityToken(
            issuer: "apranova", audience: "apranova",
            claims:
            [
                new Claim(JwtRegisteredClaimNames.Sub, userId.ToString()),
                new Claim("role", role),
                new Claim(AccessTokenIssuer.IssuedAtMillisecondsClaim, issued.ToUnixTimeMilliseconds().ToString(), ClaimValueTypes.Integer64),
            ],
            notBefore: issued.UtcDateTime,
            expires: (expired ? now.AddHours(-1) : now.AddHours(1)).UtcDateTime,
            signingCredentials: new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>A well-formed token for a superadmin, signed with a key the api does not have.</summary>
    private static string ForgedToken(Guid userId, string role) =>
        SignedToken(userId, role, expired: false, signingKey: "an-attackers-own-key-0123456789abcdef0123456789abcdef");

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    private static string UnsignedToken(Guid userId, string role)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var now = DateTimeOffset.UtcNow;
        return $"{Part("""{"alg":"none","typ":"JWT"}""")}.{Part($$"""{"sub":"{{userId}}","role":"{{role}}","iss":"apranova","aud":"apranova","exp":{{now.AddHours(1).ToUnixTimeSeconds()}},"nbf":{{now.AddMinutes(-1).ToUnixTimeSeconds()}}}""")}.";
    }
}
