using ApraNova.Api.Features.Accounts;
using ApraNova.Api.Features.Curriculum;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Files;
using ApraNova.Api.Features.Progress;
using ApraNova.Api.Features.Submissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Data;

/// <summary>
/// The one database of the api. Entity configurations live next to their feature
/// (<c>IEntityTypeConfiguration</c> classes) and are picked up from the assembly.
/// </summary>
public sealed class ApraNovaDbContext(DbContextOptions<ApraNovaDbContext> options)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options)
{
    // Learning: curriculum, enrollment, progress, submissions, files.
    public DbSet<Track> Tracks => Set<Track>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Step> Steps => Set<Step>();
    public DbSet<Deliverable> Deliverables => Set<Deliverable>();
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<TrackTrainer> TrackTrainers => Set<TrackTrainer>();
    public DbSet<ProjectProgress> ProjectProgress => Set<ProjectProgress>();
    public DbSet<StepCompletion> StepCompletions => Set<StepCompletion>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ApraNovaDbContext).Assembly);
    }
}
