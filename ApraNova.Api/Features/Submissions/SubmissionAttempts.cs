using ApraNova.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Submissions;

/// <summary>Keeps <c>submission_attempts</c> in step with the submission's current attempt (tracked, saved with the caller's SaveChanges).</summary>
public static class SubmissionAttempts
{
    /// <summary>
    /// The row of the submission's current attempt, created from the submission when missing
    /// (submissions handed in before attempts were recorded have none).
    /// </summary>
    public static async Task<SubmissionAttempt> CurrentAsync(ApraNovaDbContext db, Submission submission, CancellationToken cancellationToken)
    {
        var attempt = await db.SubmissionAttempts.SingleOrDefaultAsync(a => a.SubmissionId == submission.Id && a.Number == submission.Attempt, cancellationToken);
        if (attempt is null)
        {
            attempt = new SubmissionAttempt { SubmissionId = submission.Id, Number = submission.Attempt };
            db.SubmissionAttempts.Add(attempt);
        }
        attempt.Content = submission.Content;
        attempt.FileId = submission.FileId;
        attempt.SubmittedAt = submission.SubmittedAt;
        return attempt;
    }
}
