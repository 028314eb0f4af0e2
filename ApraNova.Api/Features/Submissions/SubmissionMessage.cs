using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Submissions;

/// <summary>A message in the thread beside a submission, between the student and their trainer (or staff).</summary>
public sealed class SubmissionMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SubmissionId { get; set; }
    public Submission? Submission { get; set; }
    public Guid AuthorId { get; set; }
    public ApplicationUser? Author { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class SubmissionMessageConfiguration : IEntityTypeConfiguration<SubmissionMessage>
{
    public void Configure(EntityTypeBuilder<SubmissionMessage> message)
    {
        message.ToTable("submission_messages");
        message.Property(m => m.Body).HasMaxLength(4_000);
        message.HasIndex(m => new { m.SubmissionId, m.CreatedAt });
        message.HasOne(m => m.Submission).WithMany().HasForeignKey(m => m.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        message.HasOne(m => m.Author).WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
