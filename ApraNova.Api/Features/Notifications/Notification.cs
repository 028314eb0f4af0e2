using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Notifications;

/// <summary>
/// One thing a user was told, as their in-app list shows it. Written in the same transaction as
/// the change it reports (with its email, when the user wants one), so a change is never reported
/// without happening nor happens without being reported.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public NotificationKind Kind { get; set; }
    public required string Title { get; set; }
    public string Body { get; set; } = "";
    /// <summary>The web path the notification opens (e.g. <c>/projects/{id}</c>); null when there is nothing to open.</summary>
    public string? Link { get; set; }
    /// <summary>
    /// What the notification is about, unique per recipient (e.g. <c>revision:{submission}:{attempt}</c>):
    /// the same fact reported twice (a retried transaction, two racing requests) is stored and mailed once.
    /// </summary>
    public required string DedupeKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.ToTable("notifications");
        notification.Property(n => n.Kind).HasConversion<string>().HasMaxLength(40);
        notification.Property(n => n.Title).HasMaxLength(300);
        notification.Property(n => n.Body).HasMaxLength(4000);
        notification.Property(n => n.Link).HasMaxLength(500);
        notification.Property(n => n.DedupeKey).HasMaxLength(200);
        notification.HasIndex(n => new { n.UserId, n.DedupeKey }).IsUnique();
        // The list (newest first) and the unread badge.
        notification.HasIndex(n => new { n.UserId, n.CreatedAt });
        notification.HasIndex(n => n.UserId).HasFilter("read_at IS NULL").HasDatabaseName("ix_notifications_unread");
        notification.HasOne(n => n.User).WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
