using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Tracks;

/// <summary>A trainer who takes students of a track (a trainer may serve several tracks); enrollment assigns among them.</summary>
public sealed class TrackTrainer
{
    public Guid TrackId { get; set; }
    public Track? Track { get; set; }
    public Guid TrainerId { get; set; }
    public ApplicationUser? Trainer { get; set; }
    public DateTimeOffset AddedAt { get; set; } = DateTimeOffset.UtcNow;
}

internal sealed class TrackTrainerConfiguration : IEntityTypeConfiguration<TrackTrainer>
{
    public void Configure(EntityTypeBuilder<TrackTrainer> trackTrainer)
    {
        trackTrainer.ToTable("track_trainers");
        trackTrainer.HasKey(t => new { t.TrackId, t.TrainerId });
        trackTrainer.HasOne(t => t.Track).WithMany().HasForeignKey(t => t.TrackId).OnDelete(DeleteBehavior.Cascade);
        trackTrainer.HasOne(t => t.Trainer).WithMany().HasForeignKey(t => t.TrainerId).OnDelete(DeleteBehavior.Cascade);
    }
}
