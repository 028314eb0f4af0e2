namespace ApraNova.Api.Features.Tracks;

/// <summary>Where a deliverable sits in the curriculum.</summary>
public sealed record DeliverablePlace(TrackDetail Track, ProjectOutline Project, DeliverableOutline Deliverable);
