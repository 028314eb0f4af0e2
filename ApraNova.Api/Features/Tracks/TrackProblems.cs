using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ApraNova.Api.Features.Tracks;

/// <summary>The Tracks feature's answers for things that are not there.</summary>
internal static class TrackProblems
{
    public static ProblemHttpResult NoSuchTrack(string code) => Problems.NotFound($"There is no track '{code}'.");
}
