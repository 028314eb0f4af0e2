using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Files;

/// <summary>Metadata of an uploaded file; the bytes live in the <see cref="IFileStore"/> under <see cref="StoredName"/>.</summary>
public sealed class StoredFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwnerId { get; set; }
    public ApplicationUser? Owner { get; set; }
    /// <summary>The client's file name, sanitised; only ever used as a display/download name, never as a path.</summary>
    public required string OriginalName { get; set; }
    /// <summary>Random name chosen by the server: the only name the file system sees.</summary>
    public required string StoredName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public required string Sha256 { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> file)
    {
        file.ToTable("stored_files");
        file.Property(f => f.OriginalName).HasMaxLength(255);
        file.Property(f => f.StoredName).HasMaxLength(100);
        file.HasIndex(f => f.StoredName).IsUnique();
        file.Property(f => f.ContentType).HasMaxLength(100);
        file.Property(f => f.Sha256).HasMaxLength(64).IsFixedLength();
        file.HasIndex(f => f.OwnerId);
        file.HasOne(f => f.Owner).WithMany().HasForeignKey(f => f.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
