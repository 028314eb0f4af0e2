using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.SNS;
using Constructs;

namespace ApraNova.Hosting.Aws.Cdk.Monitoring;

/// <summary>
/// The architecture's alarms and dashboard (§7). Every alarm notifies one SNS topic. Per service:
/// high CPU, high memory, unhealthy targets (which also adds a task) and no healthy target; for the
/// load balancer the 5XX rate; for the database connections, CPU and free storage. The dashboard
/// shows the metrics the architecture watches, the cache's under the node's CacheClusterId (the
/// dimension ElastiCache publishes them with).
/// </summary>
public sealed class MonitoringConstruct : Construct
{
    /// <summary>FreeStorageSpace alarm threshold: 5 GB, in bytes as RDS reports it.</summary>
    public const double FreeStorageThresholdBytes = 5d * 1024 * 1024 * 1024;

    private readonly List<Alarm> _alarms = [];
    private readonly SnsAction _notify;

    public MonitoringConstruct(Construct scope, string id, MonitoringProps props) : base(scope, id)
    {
        AlarmTopic = new Topic(this, "AlarmTopic", new TopicProps { DisplayName = $"{props.DashboardName} alarms" });
        _notify = new SnsAction(AlarmTopic);

        var fiveMinutes = Duration.Minutes(5);
        var oneMinute = Duration.Minutes(1);
        var widgets = new List<IWidget>();

        foreach (var service in props.Services)
        {
            var name = service.Spec.Name;
            var alarmId = CdkNames.Pascal(name);
            var cpu = service.Service.MetricCpuUtilization(new MetricOptions { Period = fiveMinutes, Statistic = "Average" });
            var memory = service.Service.MetricMemoryUtilization(new MetricOptions { Period = fiveMinutes, Statistic = "Average" });
            AddAlarm($"{alarmId}HighCpu", $"HighCPU: {name} CPU above 80% for 5 minutes", cpu, 80, 1, ComparisonOperator.GREATER_THAN_THRESHOLD);
            AddAlarm($"{alarmId}HighMemory", $"HighMemory: {name} memory above 85% for 5 minutes", memory, 85, 1, ComparisonOperator.GREATER_THAN_THRESHOLD);

            // One-minute datapoints, two of them: "1 unhealthy target for 2 minutes".
            var unhealthy = service.TargetGroup.Metrics.UnhealthyHostCount(new MetricOptions { Period = oneMinute, Statistic = "Maximum" });
            var unhealthyAlarm = AddAlarm($"{alarmId}UnhealthyTargets", $"UnhealthyTargets: {name} has an unhealthy target for 2 minutes (adds a task)",
                unhealthy, 1, 2, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
            // "SNS notification + Auto-scaling": one more task while ECS replaces the unhealthy one,
            // so capacity does not drop; CPU and memory tracking scale back in afterwards.
            var addTask = new StepScalingAction(this, $"{alarmId}UnhealthyTargetsScaling", new StepScalingActionProps
            {
                ScalingTarget = service.ScalableTarget,
                AdjustmentType = AdjustmentType.CHANGE_IN_CAPACITY,
                MetricAggregationType = MetricAggregationType.MAXIMUM,
                Cooldown = fiveMinutes,
            });
            addTask.AddAdjustment(new AdjustmentTier { Adjustment = 1, LowerBound = 0 });
            unhealthyAlarm.AddAlarmAction(new ApplicationScalingAction(addTask));

            var healthy = service.TargetGroup.Metrics.HealthyHostCount(new MetricOptions { Period = oneMinute, Statistic = "Minimum" });
            // No datapoint means no target reported healthy: that is the condition itself.
            AddAlarm($"{alarmId}NoHealthyTargets", $"HealthyHostCount: {name} has no healthy target for 2 minutes",
                healthy, 1, 2, ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.BREACHING);

            widgets.Add(Graph($"{name}: CPU and memory (%)", [cpu, memory]));
            widgets.Add(Graph($"{name}: healthy / unhealthy targets", [healthy, unhealthy]));
        }

        var errors = props.LoadBalancer.Metrics.HttpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, new MetricOptions { Period = oneMinute, Statistic = "Sum" });
        AddAlarm("HighErrorRate", "HighErrorRate: more than 10 5XX responses from the targets in 1 minute", errors, 10, 1,
            ComparisonOperator.GREATER_THAN_THRESHOLD);
        widgets.Add(Graph("Load balancer: requests, 5XX, response time",
            [props.LoadBalancer.Metrics.RequestCount(), errors], [props.LoadBalancer.Metrics.TargetResponseTime()]));

        if (props.Database is { } database)
        {
            var instance = database.Instance;
            var connections = instance.MetricDatabaseConnections(new MetricOptions { Period = fiveMinutes, Statistic = "Average" });
            var cpu = instance.MetricCPUUtilization(new MetricOptions { Period = fiveMinutes, Statistic = "Average" });
            var freeStorage = instance.MetricFreeStorageSpace(new MetricOptions { Period = fiveMinutes, Statistic = "Minimum" });
            AddAlarm("DatabaseConnections", "DatabaseConnections: more than 80 connections for 5 minutes", connections, 80, 1,
                ComparisonOperator.GREATER_THAN_THRESHOLD);
            AddAlarm("DatabaseHighCpu", "RDS CPU above 80% for 5 minutes", cpu, 80, 1, ComparisonOperator.GREATER_THAN_THRESHOLD);
            AddAlarm("DatabaseLowStorage", "RDS FreeStorageSpace below 5 GB", freeStorage, FreeStorageThresholdBytes, 1,
                ComparisonOperator.LESS_THAN_THRESHOLD);

            widgets.Add(Graph("Database: CPU, connections, free storage", [cpu, connections], [freeStorage]));
            widgets.Add(Graph("Database: read / write latency (s)", [
                instance.Metric("ReadLatency", new MetricOptions { Period = fiveMinutes, Statistic = "Average" }),
                instance.Metric("WriteLatency", new MetricOptions { Period = fiveMinutes, Statistic = "Average" }),
            ]));
        }

        if (props.Cache is { } cache)
        {
            Metric CacheMetric(string metricName, string statistic = "Average") => new(new MetricProps
            {
                Namespace = "AWS/ElastiCache",
                MetricName = metricName,
                DimensionsMap = new Dictionary<string, string> { ["CacheClusterId"] = cache.NodeId },
                Period = fiveMinutes,
                Statistic = statistic,
            });
            widgets.Add(Graph("Cache: CPU and memory (%)",
                [CacheMetric("CPUUtilization"), CacheMetric("EngineCPUUtilization"), CacheMetric("DatabaseMemoryUsagePercentage")]));
            widgets.Add(Graph("Cache: connections and evictions",
                [CacheMetric("CurrConnections")], [CacheMetric("Evictions", "Sum")]));
        }

        widgets.Insert(0, new AlarmStatusWidget(new AlarmStatusWidgetProps { Title = "Alarms", Alarms = [.. _alarms], Width = 24 }));

        Dashboard = new Dashboard(this, "Dashboard", new DashboardProps
        {
            DashboardName = props.DashboardName,
            Widgets = [.. widgets.Select(w => new[] { w })],
        });
    }

    public Topic AlarmTopic { get; }

    public Dashboard Dashboard { get; }

    public IReadOnlyList<Alarm> Alarms => _alarms;

    private Alarm AddAlarm(string id, string description, IMetric metric, double threshold, int periods, ComparisonOperator comparison,
        TreatMissingData missingData = TreatMissingData.NOT_BREACHING)
    {
        var alarm = new Alarm(this, id, new AlarmProps
        {
            AlarmDescription = description,
            Metric = metric,
            Threshold = threshold,
            EvaluationPeriods = periods,
            ComparisonOperator = comparison,
            TreatMissingData = missingData,
        });
        alarm.AddAlarmAction(_notify);
        _alarms.Add(alarm);
        return alarm;
    }

    private static GraphWidget Graph(string title, IMetric[] left, IMetric[]? right = null) => new(new GraphWidgetProps
    {
        Title = title,
        Left = left,
        Right = right ?? [],
        Width = 12,
    });
}
