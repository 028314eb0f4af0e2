using ApraNova.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Mail;

public sealed record OutboxEmailDto(Guid Id, string To, string Subject, string TextBody, string? HtmlBody, DateTimeOffset CreatedAt);

/// <summary>The dev outbox (mapped under <c>/api/dev/mail</c> by <see cref="MailFeature"/> only when <c>Mail:DevOutbox=true</c>).</summary>
internal static class MailDevEndpoints
{
    public const int MaxEmails = 100;

    public static RouteGroupBuilder MapMailDevEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListOutbox)
            .WithName("ListDevMail")
            .WithSummary("Emails the api has sent (development only), newest first, at most 100.");
        return group;
    }

    private static async Task<Ok<List<OutboxEmailDto>>> ListOutbox(string? to, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var query = db.OutboxEmails.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(to))
        {
            var recipient = to.Trim().ToLowerInvariant();
            query = query.Where(email => email.To.ToLower() == recipient);
        }
        var emails = await query.OrderByDescending(email => email.CreatedAt).Take(MaxEmails)
            .Select(email => new OutboxEmailDto(email.Id, email.To, email.Subject, email.TextBody, email.HtmlBody, email.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(emails);
    }
}
