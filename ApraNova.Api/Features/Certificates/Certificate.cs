using ApraNova.Api.Features.Enrollments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Certificates;

/// <summary>
/// Proof that a student completed a track: issued in the transaction that approves the last
/// project, public by its (random, unguessable) id, and checkable by its verification code. The
/// name and track are kept as they were on that day: a later rename does not rewrite a certificate.
/// </summary>
public sealed class Certificate
{
    /// <summary>Random (v4): the public page's address must not be guessable from another one.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid EnrollmentId { get; set; }
    public Enrollment? Enrollment { get; set; }
    public Guid StudentId { get; set; }
    public required string StudentName { get; set; }
    public required string TrackCode { get; set; }
    public required string TrackName { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>Short code printed on the certificate (e.g. <c>APN-7KQ2-M9XD</c>), unique.</summary>
    public required string VerificationCode { get; set; }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> certificate)
    {
        certificate.ToTable("certificates");
        certificate.Property(c => c.StudentName).HasMaxLength(200);
        certificate.Property(c => c.TrackCode).HasMaxLength(16);
        certificate.Property(c => c.TrackName).HasMaxLength(200);
        certificate.Property(c => c.VerificationCode).HasMaxLength(20);
        certificate.HasIndex(c => c.VerificationCode).IsUnique();
        certificate.HasIndex(c => c.EnrollmentId).IsUnique();
        certificate.HasIndex(c => c.StudentId);
        certificate.HasOne(c => c.Enrollment).WithMany().HasForeignKey(c => c.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
