using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Support;
using ApraNova.Api.Features.Tracks;
using ApraNova.Tests.Api.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Data;

/// <summary>
/// A write whose COMMIT succeeded but whose answer was lost (PostgreSQL died right after it) is
/// retried by the api's execution strategy. The retry must not write it again: before the commit
/// check, creating a track answered 409 "already exists" for the track it had just created, and
/// opening a ticket answered 500 (its rows' keys were taken by themselves), as a fault test saw.
/// </summary>
public sealed class LostCommitAnswerTests : IAsyncLifetime
{
    private readonly LostCommitAnswer lostAnswer = new();
    private readonly ApiFactory api;

    public LostCommitAnswerTests()
    {
        api = new ApiFactory { ConfigureServices = services => services.ConfigureDbContext<ApraNovaDbContext>(options => options.AddInterceptors(lostAnswer)) };
    }

    public Task InitializeAsync() => ((IAsyncLifetime)api).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)api).DisposeAsync();

    [Fact]
    public async Task A_plain_save_whose_commit_answer_was_lost_is_not_written_twice()
    {
        var admin = await new LearningDriver(api).AdminAsync();
        var code = "L" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        lostAnswer.Arm(context => context.ChangeTracker.Entries<Track>().Any(t => t.Entity.Code == code));

        var response = await admin.PostAsJsonAsync("/api/admin/tracks",
            new { code, name = $"Track {code}", description = "Created once", priceCents = 1000, currency = "usd" });

        Assert.True(lostAnswer.Lost, "the commit's answer was never lost: the test did not test anything");
        await Expect(HttpStatusCode.Created, response);
        await using var scope = api.CreateDbScope();
        Assert.Equal(1, await scope.Db.Tracks.CountAsync(t => t.Code == code));
        Assert.Equal(1, await scope.Db.AuditEntries.CountAsync(a => a.Action == "curriculum.track_created" && a.SubjectId == code));
    }

    [Fact]
    public async Task A_ticket_whose_commit_answer_was_lost_is_opened_once()
    {
        var cast = await new SupportDriver(api).CastAsync();
        var subject = "Lost answer " + Guid.NewGuid().ToString("N")[..8];
        lostAnswer.Arm(context => context.ChangeTracker.Entries<SupportTicket>().Any(t => t.Entity.Subject == subject));

        var ticket = await SupportDriver.OpenAsync(cast.Student, subject);

        Assert.True(lostAnswer.Lost, "the commit's answer was never lost: the test did not test anything");
        await using var scope = api.CreateDbScope();
        Assert.Equal(1, await scope.Db.SupportTickets.CountAsync(t => t.Subject == subject));
        Assert.Equal(1, await scope.Db.TicketMessages.CountAsync(m => m.TicketId == ticket.Ticket.Id));
    }
}
