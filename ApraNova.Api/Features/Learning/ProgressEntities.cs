using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Tracks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Learning;

/// <summary>
/// A project the student may work on: the row exists once it is unlocked (project 1 at enrollment,
/// the next one when the previous is approved); <see cref="ApprovedAt"/> is set when every
/// deliverable of the project has been approved.
/// </summary>
public sealed class ProjectProgress
{
    public Guid EnrollmentId { get; set; }
    public Enrollment? Enrollment { get; set; }
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }
    public DateTimeOffset UnlockedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? ApprovedAt { get; set; }
}

/// <summary>A step the student ticked done (unticking deletes the row).</summary>
public sealed class StepCompletion
{
    public Guid EnrollmentId { get; set; }
    public Enrollment? Enrollment { get; set; }
    public Guid StepId { get; set; }
    public Step? Step { get; set; }
    public Guid ProjectId { get; set; }
    public DateTimeOffset CompletedAt { get; set; } = DateTimeOffset.UtcNow;
}

internal sealed class ProjectProgressConfiguration : IEntityTypeConfiguration<ProjectProgress>
{
    public void Configure(EntityTypeBuilder<ProjectProgress> progress)
    {
        progress.ToTable("project_progress");
        progress.HasKey(p => new { p.EnrollmentId, p.ProjectId });
        progress.HasOne(p => p.Enrollment).WithMany().HasForeignKey(p => p.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        progress.HasOne(p => p.Project).WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StepCompletionConfiguration : IEntityTypeConfiguration<StepCompletion>
{
    public void Configure(EntityTypeBuilder<StepCompletion> completion)
    {
        completion.ToTable("step_completions");
        completion.HasKey(c => new { c.EnrollmentId, c.StepId });
        // Progress is counted per project (denormalised ProjectId avoids a join on every dashboard hit).
        completion.HasIndex(c => new { c.EnrollmentId, c.ProjectId });
        completion.HasOne(c => c.Enrollment).WithMany().HasForeignKey(c => c.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        completion.HasOne(c => c.Step).WithMany().HasForeignKey(c => c.StepId).OnDelete(DeleteBehavior.Cascade);
        completion.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
