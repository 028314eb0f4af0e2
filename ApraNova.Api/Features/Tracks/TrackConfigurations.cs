using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Tracks;

internal sealed class TrackConfiguration : IEntityTypeConfiguration<Track>
{
    public void Configure(EntityTypeBuilder<Track> track)
    {
        track.ToTable("tracks");
        track.HasIndex(t => t.Code).IsUnique();
        track.Property(t => t.Code).HasMaxLength(16);
        track.Property(t => t.Name).HasMaxLength(200);
        track.Property(t => t.Description).HasMaxLength(4000);
        track.Property(t => t.Currency).HasMaxLength(3);
        track.Property(t => t.Level).HasMaxLength(100);
        track.Property(t => t.Effort).HasMaxLength(200);
        // Lists default to empty in the database too, so rows older than the column are valid.
        track.Property(t => t.Prerequisites).HasDefaultValueSql("'{}'::text[]");
        track.HasMany(t => t.Projects).WithOne(p => p.Track).HasForeignKey(p => p.TrackId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> project)
    {
        project.ToTable("projects");
        // Positions are not unique in the database: a reorder rewrites them in one
        // SaveChanges, and a unique index would trip over the intermediate states.
        project.HasIndex(p => new { p.TrackId, p.Position });
        project.Property(p => p.Title).HasMaxLength(200);
        project.Property(p => p.Summary).HasMaxLength(4000);
        project.HasMany(p => p.Steps).WithOne(s => s.Project).HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        project.HasMany(p => p.Deliverables).WithOne(d => d.Project).HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StepConfiguration : IEntityTypeConfiguration<Step>
{
    public void Configure(EntityTypeBuilder<Step> step)
    {
        step.ToTable("steps");
        step.HasIndex(s => new { s.ProjectId, s.Position });
        step.Property(s => s.Title).HasMaxLength(200);
        step.Property(s => s.Instructions).HasMaxLength(8000);
    }
}

internal sealed class DeliverableConfiguration : IEntityTypeConfiguration<Deliverable>
{
    public void Configure(EntityTypeBuilder<Deliverable> deliverable)
    {
        deliverable.ToTable("deliverables");
        deliverable.HasIndex(d => new { d.ProjectId, d.Position });
        deliverable.Property(d => d.Title).HasMaxLength(200);
        deliverable.Property(d => d.Instructions).HasMaxLength(8000);
        deliverable.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        deliverable.Property(d => d.AcceptedFileTypes).HasDefaultValueSql("'{}'::text[]");
        deliverable.Property(d => d.Rubric).HasDefaultValueSql("'{}'::text[]");
    }
}
