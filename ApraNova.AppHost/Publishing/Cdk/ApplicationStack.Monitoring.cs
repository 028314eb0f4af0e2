using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.SNS;

namespace ApraNova.AppHost.Publishing.Cdk;

public sealed partial class ApplicationStack
{
    public Topic AlarmTopic { get; private set; } = null!;
    public Dashboard Dashboard { get; private set; } = null!;

    /// <summary>
    /// The seed's recommended alarms. HighCPU, HighMemory and UnhealthyTargets watch each service
    /// (a third service gets its own); HighErrorRate watches the load balancer and
    /// DatabaseConnections the database.
    /// </summary>
    private void CreateMonitoring()
    {
        AlarmTopic = new Topic(this, "AlarmTopic", new TopicProps { DisplayName = $"{_deployment.Name} alarms" });
        var notify = new SnsAction(AlarmTopic);
        var alarms = new List<IAlarm>();

        Alarm AddAlarm(string id, string description, IMetric metric, double threshold, int periods, ComparisonOperator comparison)
        {
            var alarm = new Alarm(this, id, new AlarmProps
            {
                AlarmDescription = description,
                Metric = metric,
                Threshold = threshold,
                EvaluationPeriods = periods,
                ComparisonOperator = comparison,
                TreatMissingData = TreatMissingData.NOT_BREACHING,
            });
            alarm.AddAlarmAction(notify);
            alarms.Add(alarm);
            return alarm;
        }

        var widgets = new List<IWidget>();
        foreach (var (name, service) in _services)
        {
            var id = CdkNames.Pascal(name);
            var fiveMinutes = new MetricOptions { Period = Duration.Minutes(5), Statistic = "Average" };
            var cpu = service.MetricCpuUtilization(fiveMinutes);
            var memory = service.MetricMemoryUtilization(fiveMinutes);

            AddAlarm($"{id}HighCpu", $"HighCPU: {name} CPU above 80% for 5 minutes", cpu, 80, 1, ComparisonOperator.GREATER_THAN_THRESHOLD);
            AddAlarm($"{id}HighMemory", $"HighMemory: {name} memory above 85% for 5 minutes", memory, 85, 1, ComparisonOperator.GREATER_THAN_THRESHOLD);

            // One-minute datapoints, two of them: "1 unhealthy target for 2 minutes".
            var unhealthy = _targetGroups[name].Metrics.UnhealthyHostCount(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" });
            AddAlarm($"{id}UnhealthyTargets", $"UnhealthyTargets: {name} has an unhealthy target for 2 minutes", unhealthy, 1, 2,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);

            widgets.Add(new GraphWidget(new GraphWidgetProps { Title = $"{name}: CPU and memory (%)", Left = [cpu, memory], Width = 12 }));
            widgets.Add(new GraphWidget(new GraphWidgetProps
            {
                Title = $"{name}: healthy / unhealthy targets",
                Left = [_targetGroups[name].Metrics.HealthyHostCount(), unhealthy],
                Width = 12,
            }));
        }

        var errors = LoadBalancer.Metrics.HttpCodeTarget(
            Amazon.CDK.AWS.ElasticLoadBalancingV2.HttpCodeTarget.TARGET_5XX_COUNT,
            new MetricOptions { Period = Duration.Minutes(1), Statistic = "Sum" });
        AddAlarm("HighErrorRate", "HighErrorRate: 10 or more 5XX responses from the targets in 1 minute", errors, 10, 1,
            ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        widgets.Add(new GraphWidget(new GraphWidgetProps
        {
            Title = "Load balancer: requests, 5XX, response time",
            Left = [LoadBalancer.Metrics.RequestCount(), errors],
            Right = [LoadBalancer.Metrics.TargetResponseTime()],
            Width = 12,
        }));

        if (Database is not null)
        {
            var connections = Database.MetricDatabaseConnections(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Average" });
            AddAlarm("DatabaseConnections", "DatabaseConnections: more than 80 connections for 5 minutes", connections, 80, 1,
                ComparisonOperator.GREATER_THAN_THRESHOLD);
            widgets.Add(new GraphWidget(new GraphWidgetProps
            {
                Title = "Database: CPU, connections, free storage",
                Left = [Database.MetricCPUUtilization(), connections],
                Right = [Database.MetricFreeStorageSpace()],
                Width = 12,
            }));
        }

        if (Cache is not null)
        {
            Metric CacheMetric(string metricName) => new(new MetricProps
            {
                Namespace = "AWS/ElastiCache",
                MetricName = metricName,
                DimensionsMap = new Dictionary<string, string> { ["ReplicationGroupId"] = Cache.Ref },
                Period = Duration.Minutes(5),
            });
            widgets.Add(new GraphWidget(new GraphWidgetProps
            {
                Title = "Cache: CPU, memory, evictions",
                Left = [CacheMetric("EngineCPUUtilization"), CacheMetric("DatabaseMemoryUsagePercentage")],
                Right = [CacheMetric("Evictions")],
                Width = 12,
            }));
        }

        widgets.Insert(0, new AlarmStatusWidget(new AlarmStatusWidgetProps { Title = "Alarms", Alarms = [.. alarms], Width = 24 }));

        Dashboard = new Dashboard(this, "Dashboard", new DashboardProps
        {
            DashboardName = _deployment.Name,
            Widgets = [.. widgets.Select(w => new[] { w })],
        });

        _ = new CfnOutput(this, "LoadBalancerUrl", new CfnOutputProps { Value = PublicUrl, Description = "Application URL (the ALB)" });
        _ = new CfnOutput(this, "DashboardUrl", new CfnOutputProps
        {
            Value = $"https://{Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region={Aws.REGION}#dashboards:name={Dashboard.DashboardName}",
            Description = "CloudWatch dashboard",
        });
        _ = new CfnOutput(this, "AlarmTopicArn", new CfnOutputProps { Value = AlarmTopic.TopicArn, Description = "SNS topic of the alarms" });
        _ = new CfnOutput(this, "ClusterName", new CfnOutputProps { Value = Cluster.ClusterName, Description = "ECS cluster" });
        foreach (var (name, service) in _services)
        {
            _ = new CfnOutput(this, $"{CdkNames.Pascal(name)}ServiceName", new CfnOutputProps { Value = service.ServiceName, Description = $"ECS service of {name}" });
        }
    }
}
