using ApraNova.Api.Data;
using ApraNova.Api.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Submissions;

/// <summary>What the people around a submission are told when the student hands something in or writes.</summary>
public static class SubmissionNotices
{
    /// <summary>The student's trainer (if one is assigned) hears of a new attempt; a replaced attempt was announced already.</summary>
    public static async Task TellTrainerOfAttemptAsync(ApraNovaDbContext db, INotifier notifier, Submission submission, CancellationToken cancellationToken)
    {
        var about = await db.Submissions.AsNoTracking().Where(s => s.Id == submission.Id)
            .Select(s => new
            {
                s.Enrollment!.TrainerId,
                Student = db.Users.Where(u => u.Id == s.StudentId).Select(u => u.FullName).FirstOrDefault() ?? "",
                Deliverable = s.Deliverable!.Title,
                Project = s.Deliverable.Project!.Title,
            })
            .SingleAsync(cancellationToken);
        if (about.TrainerId is not { } trainerId)
            return;
        var student = string.IsNullOrWhiteSpace(about.Student) ? "Your student" : about.Student.Trim();
        var again = submission.Attempt > 1 ? $" (attempt {submission.Attempt}, after your revision request)" : "";
        await notifier.NotifyAsync(new Notice(trainerId, NotificationKind.SubmissionReceived, $"submission:{submission.Id}:{submission.Attempt}",
            $"New submission: {about.Deliverable}",
            $"{student} handed in “{about.Deliverable}” ({about.Project}){again}. It is in your review queue.",
            $"/staff/reviews/{submission.Id}", "Review it"), cancellationToken);
    }
}
