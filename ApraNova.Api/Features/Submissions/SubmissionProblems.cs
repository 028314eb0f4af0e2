using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ApraNova.Api.Features.Submissions;

/// <summary>Why a submission cannot be changed now.</summary>
public static class SubmissionProblems
{
    public static ProblemHttpResult ReviewStarted() =>
        Problems.Conflict("Review started", "Your trainer has started reviewing this attempt; it can no longer be replaced or withdrawn. Wait for the decision.");

    public static ProblemHttpResult NotChangeable() =>
        Problems.Conflict("Not withdrawable", "Only an attempt that is waiting for review, and that no reviewer has opened yet, can be withdrawn.");
}
