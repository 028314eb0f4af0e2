using ApraNova.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Tracks;

/// <summary>Track look-ups shared by the features that name a track by its code (URLs, checkout, enrollment).</summary>
public static class TrackQueries
{
    /// <summary>Track codes are stored upper-case ("DP"); clients may send any case and stray spaces.</summary>
    public static string NormalizeCode(string code) => code.Trim().ToUpperInvariant();

    public static Task<Guid?> FindTrackIdAsync(this ApraNovaDbContext db, string code, CancellationToken cancellationToken)
    {
        var normalised = NormalizeCode(code);
        return db.Tracks.Where(t => t.Code == normalised).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(cancellationToken);
    }
}
