using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Enrollments;

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> enrollment)
    {
        enrollment.ToTable("enrollments");
        enrollment.Property(e => e.Status).HasConversion<string>().HasMaxLength(32);
        enrollment.Property(e => e.EndReason).HasMaxLength(500);
        // One open enrollment per student, enforced by the database: two concurrent enrollments
        // (a webhook retry racing an admin) cannot both commit.
        enrollment.HasIndex(e => e.StudentId).IsUnique()
            .HasDatabaseName("ux_enrollments_one_open_per_student")
            .HasFilter("status IN ('PendingPayment', 'Active', 'Suspended')");
        // Trainer load per track (assignment counts these).
        enrollment.HasIndex(e => new { e.TrackId, e.TrainerId, e.Status });
        enrollment.HasIndex(e => new { e.TrainerId, e.Status });
        enrollment.HasOne(e => e.Student).WithMany().HasForeignKey(e => e.StudentId).OnDelete(DeleteBehavior.Restrict);
        enrollment.HasOne(e => e.Trainer).WithMany().HasForeignKey(e => e.TrainerId).OnDelete(DeleteBehavior.SetNull);
        enrollment.HasOne(e => e.Track).WithMany().HasForeignKey(e => e.TrackId).OnDelete(DeleteBehavior.Restrict);
    }
}
