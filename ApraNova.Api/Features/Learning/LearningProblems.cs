using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ApraNova.Api.Features.Learning;

/// <summary>Why a student may not read or change learning work; shared by every feature that acts on a student's own track.</summary>
public static class LearningProblems
{
    public static ProblemHttpResult NoAccess() =>
        Problems.Forbidden("No active enrollment", "Learning content is available to students with an active enrollment.");

    public static ProblemHttpResult ReadOnly() =>
        Problems.Conflict("Enrollment is not active", "This enrollment is completed; its work can be read but no longer changed.");

    public static ProblemHttpResult ProjectLocked() =>
        Problems.Conflict("Project locked", "This project unlocks when the previous project is approved; it can be read but not worked on yet.");
}
