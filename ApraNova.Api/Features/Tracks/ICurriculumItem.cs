namespace ApraNova.Api.Features.Tracks;

/// <summary>A project, step or deliverable: shown in <see cref="Position"/> order (1, 2, ...) within its parent.</summary>
public interface ICurriculumItem
{
    Guid Id { get; }
    int Position { get; set; }
}
