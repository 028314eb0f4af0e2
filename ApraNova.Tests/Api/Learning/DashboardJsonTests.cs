using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ApraNova.Api.Features.Dashboard;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApraNova.Tests.Api.Learning;

/// <summary>The dashboard is written with source-generated metadata: its JSON must stay what the reflection-based serializer wrote.</summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardJsonTests(ApiFactory api)
{
    [Fact]
    public void The_source_generated_dashboard_json_is_the_reflection_json()
    {
        var configured = api.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var reflection = new JsonSerializerOptions(configured);
        reflection.TypeInfoResolverChain.Clear();
        reflection.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        Assert.IsNotType<DefaultJsonTypeInfoResolver>(configured.TypeInfoResolverChain[0]);

        var project = new ProjectProgressView(Guid.NewGuid(), 1, "Project \"1\" <b>", ProjectState.InProgress, 2, 5, 1, 3, 37);
        var view = new DashboardView(Guid.NewGuid(), EnrollmentStatus.Active, DateTimeOffset.Parse("2026-01-02T03:04:05.678+00:00"),
            new DashboardTrack("DP", "Data Pipelines é"), new DashboardTrainer(Guid.NewGuid(), "Ada L.", "ada@example.test"), project,
            new TrackProgressView(12, 0, 4, [project, project with { ProjectId = Guid.NewGuid(), State = ProjectState.Locked }]),
            [
                new DashboardSubmission(Guid.NewGuid(), Guid.NewGuid(), "Deliverable", Guid.NewGuid(), "Project", DeliverableKind.Text,
                    SubmissionStatus.RevisionRequested, 2, "Fix it", DateTimeOffset.UnixEpoch, null),
            ]);
        var withoutTrainer = view with { Trainer = null, CurrentProject = null, RecentSubmissions = [] };

        Assert.Equal(JsonSerializer.Serialize(view, reflection), JsonSerializer.Serialize(view, configured));
        Assert.Equal(JsonSerializer.Serialize(withoutTrainer, reflection), JsonSerializer.Serialize(withoutTrainer, configured));
        Assert.Contains("\"status\":\"revisionRequested\"", JsonSerializer.Serialize(view, configured));
    }
}
