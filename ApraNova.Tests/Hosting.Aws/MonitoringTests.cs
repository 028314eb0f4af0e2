using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>docs/architecture.md §7: alarms, the dashboard, outputs.</summary>
[Collection(AwsPublishCollection.Name)]
public sealed class MonitoringTests(AwsPublishFixture fixture)
{
    private const double FiveGigabytes = 5d * 1024 * 1024 * 1024;

    [Theory]
    [InlineData("MonitoringApiHighCpu", "AWS/ECS", "CPUUtilization", 80, 300, 1, "GreaterThanThreshold")]
    [InlineData("MonitoringWebHighCpu", "AWS/ECS", "CPUUtilization", 80, 300, 1, "GreaterThanThreshold")]
    [InlineData("MonitoringApiHighMemory", "AWS/ECS", "MemoryUtilization", 85, 300, 1, "GreaterThanThreshold")]
    [InlineData("MonitoringWebHighMemory", "AWS/ECS", "MemoryUtilization", 85, 300, 1, "GreaterThanThreshold")]
    [InlineData("MonitoringApiUnhealthyTargets", "AWS/ApplicationELB", "UnHealthyHostCount", 1, 60, 2, "GreaterThanOrEqualToThreshold")]
    [InlineData("MonitoringWebUnhealthyTargets", "AWS/ApplicationELB", "UnHealthyHostCount", 1, 60, 2, "GreaterThanOrEqualToThreshold")]
    [InlineData("MonitoringApiNoHealthyTargets", "AWS/ApplicationELB", "HealthyHostCount", 1, 60, 2, "LessThanThreshold")]
    [InlineData("MonitoringWebNoHealthyTargets", "AWS/ApplicationELB", "HealthyHostCount", 1, 60, 2, "LessThanThreshold")]
    [InlineData("MonitoringHighErrorRate", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", 10, 60, 1, "GreaterThanThreshold")]
    [InlineData("MonitoringDatabaseConnections", "AWS/RDS", "DatabaseConnections", 80, 300, 1, "GreaterThanThreshold")]
    [InlineData("MonitoringDatabaseHighCpu", "AWS/RDS", "CPUUtilization", 80, 300, 1, "GreaterThanThreshold")]
    [InlineData("MonitoringDatabaseLowStorage", "AWS/RDS", "FreeStorageSpace", FiveGigabytes, 300, 1, "LessThanThreshold")]
    public void The_architectures_alarms_notify_the_sns_topic(string id, string metricNamespace, string metric, double threshold, int period, int evaluations, string comparison)
    {
        var topic = fixture.LogicalId("AWS::SNS::Topic", "MonitoringAlarmTopic");
        var (_, alarm) = fixture.Resources("AWS::CloudWatch::Alarm").Single(a => a.Id.StartsWith(id, StringComparison.Ordinal));
        Assert.Equal(metricNamespace, (string?)alarm["Namespace"]);
        Assert.Equal(metric, (string?)alarm["MetricName"]);
        Assert.Equal(threshold, (double)alarm["Threshold"]!);
        Assert.Equal(period, (int)alarm["Period"]!);
        Assert.Equal(evaluations, (int)alarm["EvaluationPeriods"]!);
        Assert.Equal(comparison, (string?)alarm["ComparisonOperator"]);
        Assert.Contains(Templates.Ref(topic), alarm["AlarmActions"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Four_alarms_per_service_plus_the_load_balancer_and_three_database_alarms()
    {
        fixture.Application.ResourceCountIs("AWS::CloudWatch::Alarm", (4 * 2) + 1 + 3);
        fixture.Application.ResourceCountIs("AWS::SNS::Topic", 1);
        fixture.Application.ResourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("web")]
    public void An_unhealthy_target_also_adds_a_task(string service)
    {
        var (_, alarm) = fixture.Resources("AWS::CloudWatch::Alarm")
            .Single(a => a.Id.StartsWith($"Monitoring{char.ToUpperInvariant(service[0])}{service[1..]}UnhealthyTargets", StringComparison.Ordinal));
        var policyId = alarm["AlarmActions"]!.AsArray().Select(a => (string?)a!["Ref"]).Single(r => r is not null && r.Contains("UnhealthyTargetsScaling", StringComparison.Ordinal))!;
        var policy = fixture.Resources("AWS::ApplicationAutoScaling::ScalingPolicy").Single(p => p.Id == policyId).Properties;
        Assert.Equal("StepScaling", (string?)policy["PolicyType"]);
        var steps = policy["StepScalingPolicyConfiguration"]!;
        Assert.Equal("ChangeInCapacity", (string?)steps["AdjustmentType"]);
        Assert.Equal(1, (int)steps["StepAdjustments"]![0]!["ScalingAdjustment"]!);
        var target = (string)policy["ScalingTargetId"]!["Ref"]!;
        Assert.StartsWith($"Services{char.ToUpperInvariant(service[0])}{service[1..]}TaskCount", target, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboard_shows_the_watched_metrics_and_the_cache_by_its_node_id()
    {
        // The body is a Fn::Join of text and tokens: the text parts, joined, are the dashboard's JSON.
        var parts = fixture.Resources("AWS::CloudWatch::Dashboard").Single().Properties["DashboardBody"]!["Fn::Join"]![1]!.AsArray();
        var body = string.Concat(parts.Select(p => p is JsonValue text ? (string)text! : "<token>"));
        foreach (var metric in new[]
        {
            "CPUUtilization", "MemoryUtilization", "HealthyHostCount", "UnHealthyHostCount", "RequestCount", "HTTPCode_Target_5XX_Count",
            "TargetResponseTime", "DatabaseConnections", "FreeStorageSpace", "ReadLatency", "WriteLatency",
            "EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "CurrConnections", "Evictions",
        })
        {
            Assert.Contains($"\"{metric}\"", body, StringComparison.Ordinal);
        }

        // ElastiCache publishes node metrics under CacheClusterId (the group's member "<group>-001").
        Assert.Contains("\"CacheClusterId\",\"<token>-001\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ReplicationGroupId", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_name_the_application_url_the_dashboard_the_topic_the_cluster_and_the_services()
    {
        var outputs = fixture.ApplicationJson["Outputs"]!.AsObject();
        Assert.Superset(
            new HashSet<string> { "ApplicationUrl", "LoadBalancerDnsName", "DashboardUrl", "AlarmTopicArn", "ClusterName", "ApiServiceName", "WebServiceName" },
            outputs.Select(o => o.Key).ToHashSet());
        var dashboardUrl = outputs["DashboardUrl"]!.ToJsonString();
        Assert.Contains("#dashboards:name=", dashboardUrl, StringComparison.Ordinal);
        Assert.Contains(fixture.LogicalId("AWS::CloudWatch::Dashboard", "MonitoringDashboard"), dashboardUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_stack_has_an_ecr_repository_per_service()
    {
        fixture.Registry.ResourceCountIs("AWS::ECR::Repository", 2);
        fixture.Registry.HasResourceProperties("AWS::ECR::Repository", Props.Like(("RepositoryName", "apranova/api")));
        fixture.Registry.HasResourceProperties("AWS::ECR::Repository", Props.Like(("RepositoryName", "apranova/web")));
        fixture.Registry.HasOutput("ApiRepositoryUri", Match.AnyValue());
    }
}
