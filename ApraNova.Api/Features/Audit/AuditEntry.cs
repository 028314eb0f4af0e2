using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Audit;

/// <summary>
/// Who did what to which object, when, with the object's relevant state before and after
/// (JSON). Rows are only ever inserted.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>The user who acted; null for the system (webhooks, bootstrap).</summary>
    public Guid? ActorId { get; set; }
    /// <summary>Dotted verb, e.g. <c>user.role_changed</c>, <c>enrollment.created</c>.</summary>
    public required string Action { get; set; }
    public required string SubjectType { get; set; }
    public required string SubjectId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.Property(entry => entry.Action).HasMaxLength(100);
        builder.Property(entry => entry.SubjectType).HasMaxLength(100);
        builder.Property(entry => entry.SubjectId).HasMaxLength(100);
        builder.Property(entry => entry.Before).HasColumnType("jsonb");
        builder.Property(entry => entry.After).HasColumnType("jsonb");
        builder.HasIndex(entry => entry.OccurredAt);
        builder.HasIndex(entry => new { entry.SubjectType, entry.SubjectId });
        builder.HasIndex(entry => entry.ActorId);
    }
}
