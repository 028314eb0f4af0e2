using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Overview;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Support;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using ApraNova.Tests.Api.Support;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Overview;

/// <summary>The overview's figures against a database of its own, where every number is known.</summary>
public sealed class StaffOverviewTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_overview_counts_students_money_reviews_trainers_and_support_from_the_database()
    {
        var learning = new LearningDriver(api);
        var track = await learning.CreateTrackAsync((1, [DeliverableKind.Text]));
        var (trainer, trainerId) = await learning.AddTrainerAsync(track.Code);
        var (first, firstId, _) = await learning.EnrolledStudentAsync(track.Code);
        var (second, secondId, _) = await learning.EnrolledStudentAsync(track.Code);
        var (_, thirdId, _) = await learning.EnrolledStudentAsync(track.Code);
        var admin = await learning.AdminAsync();
        var third = (await admin.GetFromJsonAsync<Paged>($"/api/admin/enrollments?trackCode={track.Code}", Json))!;
        await Expect(HttpStatusCode.OK, await admin.PostAsJsonAsync(
            $"/api/admin/enrollments/{third.Items.Single(e => e.StudentId == thirdId).Id}/withdraw", new { reason = "test" }));

        // Two reviewed submissions (3 h and 1 h) and one waiting.
        var deliverable = track.Projects[0].Deliverables[0].Id;
        foreach (var student in new[] { first, second })
            await Expect(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions", new { deliverableId = deliverable, text = "Done" }));
        var now = DateTimeOffset.UtcNow;
        await using (var scope = api.CreateDbScope())
        {
            var submissions = await scope.Db.Submissions.Where(s => s.StudentId == firstId || s.StudentId == secondId).ToListAsync();
            var reviewed = submissions.Single(s => s.StudentId == firstId);
            reviewed.Status = SubmissionStatus.RevisionRequested;
            reviewed.SubmittedAt = now.AddHours(-5);
            reviewed.ReviewedAt = now.AddHours(-2);
            var waiting = submissions.Single(s => s.StudentId == secondId);
            waiting.SubmittedAt = now.AddHours(-30);
            await scope.Db.SaveChangesAsync();
        }
        await using (var scope = api.CreateDbScope())
        {
            // The withdrawn student's work had been reviewed in 1 h.
            var thirdEnrollment = await scope.Db.Enrollments.SingleAsync(e => e.StudentId == thirdId);
            scope.Db.Submissions.Add(new Submission
            {
                EnrollmentId = thirdEnrollment.Id, StudentId = thirdId, DeliverableId = deliverable, ProjectId = track.Projects[0].Id,
                Kind = DeliverableKind.Text, Content = "y", Status = SubmissionStatus.Approved, SubmittedAt = now.AddHours(-4), ReviewedAt = now.AddHours(-3),
            });

            // Money: 499 paid this month; 599 paid last month and refunded this month; a pending checkout counts for nothing.
            var thisMonth = new DateTimeOffset(now.Year, now.Month, 1, 12, 0, 0, TimeSpan.Zero);
            var lastMonth = thisMonth.AddMonths(-1);
            scope.Db.Payments.AddRange(
                Payment("DP", 49900, PaymentState.Paid, paidAt: thisMonth, refundedAt: null),
                Payment("FSD", 59900, PaymentState.Refunded, paidAt: lastMonth, refundedAt: thisMonth.AddHours(1)),
                Payment("DP", 49900, PaymentState.Pending, paidAt: null, refundedAt: null));
            await scope.Db.SaveChangesAsync();
        }

        // Support: two tickets answered after 4 h and 2 h, one resolved after 10 h, one unassigned and open.
        var ticketA = (await SupportDriver.OpenAsync(first)).Ticket.Id;
        var ticketB = (await SupportDriver.OpenAsync(second)).Ticket.Id;
        var ticketC = (await SupportDriver.OpenAsync(second)).Ticket.Id;
        await using (var scope = api.CreateDbScope())
        {
            var tickets = await scope.Db.SupportTickets.ToListAsync();
            void Set(Guid id, double createdHoursAgo, double? respondedAfter, double? resolvedAfter, TicketState state)
            {
                var t = tickets.Single(x => x.Id == id);
                t.CreatedAt = now.AddHours(-createdHoursAgo);
                t.FirstResponseAt = respondedAfter is { } r ? t.CreatedAt.AddHours(r) : null;
                t.ResolvedAt = resolvedAfter is { } s ? t.CreatedAt.AddHours(s) : null;
                t.State = state;
            }
            Set(ticketA, 20, 4, 10, TicketState.Resolved);
            Set(ticketB, 20, 2, null, TicketState.Answered);
            Set(ticketC, 1, null, null, TicketState.Open);
            await scope.Db.SaveChangesAsync();
        }

        var overview = await Read<StaffOverview>(HttpStatusCode.OK, await admin.GetAsync("/api/admin/overview"));

        var students = Assert.Single(overview.StudentsPerTrack, t => t.TrackCode == track.Code);
        Assert.Equal((2, 1, 0), (students.Active, students.Withdrawn, students.PendingPayment));
        Assert.Contains(overview.StudentsPerTrack, t => t.TrackCode == "DP");

        var month = now.ToString("yyyy-MM");
        var current = Assert.Single(overview.Revenue, r => r.Month == month);
        Assert.Equal((1, 49900L, 1, 59900L, -10000L), (current.Payments, current.GrossCents, current.Refunds, current.RefundedCents, current.NetCents));
        var previous = Assert.Single(overview.Revenue, r => r.Month == now.AddMonths(-1).ToString("yyyy-MM"));
        Assert.Equal((1, 59900L, 0L, 59900L), (previous.Payments, previous.GrossCents, previous.RefundedCents, previous.NetCents));

        Assert.Equal(1, overview.Reviews.Awaiting);
        Assert.Equal(2, overview.Reviews.ReviewedLast30Days);
        Assert.Equal(2.0, overview.Reviews.MedianReviewHours);
        Assert.NotNull(overview.Reviews.OldestWaitingSince);
        Assert.InRange(overview.Reviews.OldestWaitingSince!.Value, now.AddHours(-30).AddMinutes(-1), now.AddHours(-30).AddMinutes(1));

        var load = Assert.Single(overview.Trainers, t => t.TrainerId == trainerId);
        Assert.Equal([track.Code], load.Tracks);
        Assert.Equal((2, 20, 1), (load.OpenStudents, load.Capacity, load.AwaitingReview));

        Assert.Equal((1, 1, 2), (overview.Support.Open, overview.Support.Answered, overview.Support.Unassigned));
        Assert.Equal(3, overview.Support.OpenedLast30Days);
        Assert.Equal(3.0, overview.Support.MedianFirstResponseHours);
        Assert.Equal((1, 10.0), (overview.Support.ResolvedLast30Days, overview.Support.MedianResolutionHours));

        Assert.Equal(HttpStatusCode.Forbidden, (await trainer.GetAsync("/api/admin/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await first.GetAsync("/api/admin/overview")).StatusCode);
    }

    private static Payment Payment(string track, long cents, PaymentState state, DateTimeOffset? paidAt, DateTimeOffset? refundedAt) => new()
    {
        Id = Guid.CreateVersion7(), TrackCode = track, AmountCents = cents, Currency = "usd", State = state,
        StripeSessionId = "cs_test_" + Guid.NewGuid().ToString("N"), StripePaymentIntentId = paidAt is null ? null : "pi_" + Guid.NewGuid().ToString("N"),
        CreatedAt = paidAt ?? DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, PaidAt = paidAt, RefundedAt = refundedAt,
    };

    private sealed record Paged(List<EnrollmentAdminView> Items);
}
