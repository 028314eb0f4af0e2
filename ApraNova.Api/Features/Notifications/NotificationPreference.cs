using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Notifications;

/// <summary>A user's choice for one kind; no row means the default (email on).</summary>
public sealed class NotificationPreference
{
    public Guid UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public NotificationKind Kind { get; set; }
    public bool Email { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> preference)
    {
        preference.ToTable("notification_preferences");
        preference.HasKey(p => new { p.UserId, p.Kind });
        preference.Property(p => p.Kind).HasConversion<string>().HasMaxLength(40);
        preference.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
