using ApraNova.Hosting.Aws.Cost;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>docs/architecture.md §8: the monthly estimate publish writes.</summary>
[Collection(AwsPublishCollection.Name)]
public sealed class CostEstimateTests(AwsPublishFixture fixture)
{
    private CostEstimate Default => fixture.Result.Estimates[0];

    [Fact]
    public void The_original_breakdowns_items_are_reproduced_to_the_cent()
    {
        AssertLines("ECS Fargate (api)", 14.78m, 3.24m);
        AssertLines("ECS Fargate (web)", 7.39m, 1.62m);
        AssertLines("RDS db.t3.micro", 12.41m, 2.30m);
        AssertLines("ElastiCache cache.t3.micro", 12.41m);
        AssertLines("NAT Gateway", 32.85m, 0.45m);
        AssertLines("Application Load Balancer", 16.43m, 5.84m);
        AssertLines("EFS", 3.00m);
        AssertLines("ECR", 0.10m);
        AssertLines("CloudWatch Logs", 2.50m);
        AssertLines("CloudWatch Metrics", 0.30m);
        AssertLines("Outbound", 0.90m);
        Assert.Equal(11, Default.Items.Count(i => i.InOriginalBreakdown));
        // The sum of its lines; it printed $116.55.
        Assert.Equal(116.52m, Default.OriginalItemsTotal);
        Assert.Equal("0.5 vCPU × $0.04048/hour × 730 hours", Item("ECS Fargate (api)").Lines[0].Computation);
    }

    [Fact]
    public void Everything_else_the_stack_creates_that_costs_money_has_a_line()
    {
        // 1 NAT gateway address + the load balancer's 2 (one per AZ), $0.005 an hour each.
        AssertLines("Public IPv4 addresses", 10.95m);
        // 11 secrets: RDS credentials and the 2 strings composed from them, the Redis auth token and
        // its 2 strings, the JWT key, the superadmin password, the 3 Stripe keys; $0.40 each.
        AssertLines("Secrets Manager", 4.40m);
        // 1 GB of flow logs delivered at $0.50; 6 GB of logs stored at $0.03.
        AssertLines("VPC Flow Logs", 0.50m);
        AssertLines("CloudWatch Logs storage", 0.18m);
        // 12 alarms of the template and 2 for each of the 4 target-tracking policies, $0.10 each; 1 dashboard at $3.
        AssertLines("CloudWatch alarms", 2.00m);
        AssertLines("CloudWatch dashboard", 3.00m);
        // The OpenTelemetry collectors: 900,000 billed traces at $5/million, 4 declared metrics per
        // service at $0.30, 0.1 GB of EMF records per service at $0.50.
        AssertLines("Telemetry (AWS Distro for OpenTelemetry → X-Ray, CloudWatch)", 4.50m, 2.40m, 0.10m);
        Assert.Equal(7, Default.Items.Count(i => !i.InOriginalBreakdown));
        Assert.DoesNotContain(Default.Items, i => i.Name is "CloudTrail" or "AWS Config");
    }

    [Fact]
    public void Total_is_the_sum_of_the_printed_lines_and_the_report_names_each_unit_price_and_its_source()
    {
        Assert.Equal(116.52m + 28.03m, Default.Total);
        var report = File.ReadAllText(fixture.Result.CostEstimatePath);
        Assert.Contains("**TOTAL: $144.55/month**", report, StringComparison.Ordinal);
        Assert.Contains("Items of the original breakdown: $116.52; added (*): $28.03.", report, StringComparison.Ordinal);
        Assert.Contains("| Secrets Manager secret | 0.40 | secret-month | https://aws.amazon.com/secrets-manager/pricing/ |", report, StringComparison.Ordinal);
        Assert.Contains("| Public IPv4 address | 0.005 | address-hour | https://aws.amazon.com/vpc/pricing/ (Public IPv4 Address) |", report, StringComparison.Ordinal);
        Assert.All(PriceTable.Current.All(), p => Assert.False(string.IsNullOrWhiteSpace(p.Price.Source), p.Name));
    }

    [Fact]
    public void The_architectures_optimizations_are_priced_as_configurations()
    {
        var byName = fixture.Result.Estimates.ToDictionary(e => e.Configuration, e => e.Total);
        // −$33.30 of NAT gateway, +2 task addresses −1 gateway address (+$3.65).
        Assert.Equal(144.55m - 33.30m + 3.65m, byName["Remove NAT Gateway"]);
        // −$1.50 of ingestion, −3 GB stored (−$0.09).
        Assert.Equal(144.55m - 1.50m - 0.09m, byName["Reduce logging"]);
        // 30 % off each Fargate line: 10.34 + 2.27 + 5.17 + 1.14 = 18.92 instead of 27.03.
        Assert.Equal(144.55m - 8.11m, byName["Use Fargate Spot"]);
        Assert.Equal(144.55m - 33.30m + 3.65m - 8.11m - 1.59m, byName["All three optimizations"]);

        var report = File.ReadAllText(fixture.Result.CostEstimatePath);
        Assert.Contains("| Remove NAT Gateway | $114.90 | -$29.65 |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_az_doubles_the_database_line_items()
    {
        var estimate = Estimate(Variant.MultiAz);
        Assert.Equal([24.82m, 4.60m], estimate.Items.Single(i => i.Name == "RDS db.t3.micro").Lines.Select(l => l.Amount));
        Assert.Equal(144.55m + 14.71m, estimate.Total);
    }

    [Fact]
    public void Two_nat_gateways_cost_two_gateways_and_two_addresses()
    {
        var estimate = Estimate(new Variant("nat-gateways-2", new Dictionary<string, string> { ["NatGateways"] = "2" }));
        Assert.Equal([65.70m, 0.45m], estimate.Items.Single(i => i.Name == "NAT Gateway").Lines.Select(l => l.Amount));
        Assert.Equal(14.60m, estimate.Items.Single(i => i.Name == "Public IPv4 addresses").Total);
    }

    [Fact]
    public void CloudTrail_and_config_add_their_lines_when_on()
    {
        var estimate = Estimate(Variant.Audit);
        // 100,000 management events as an additional copy at $2.00 per 100,000; 1,000 items at $0.003; 1 GB in S3 at $0.023.
        Assert.Equal(2.00m, estimate.Items.Single(i => i.Name == "CloudTrail").Total);
        Assert.Equal(3.00m, estimate.Items.Single(i => i.Name == "AWS Config").Total);
        Assert.Equal(0.02m, estimate.Items.Single(i => i.Name == "S3 (audit logs)").Total);
    }

    [Fact]
    public void Lines_round_half_away_from_zero_like_the_original_breakdown()
    {
        // 0.0225 × 730 = 16.425: the original prints 16.43 (banker's rounding would say 16.42).
        Assert.Equal(16.43m, Item("Application Load Balancer").Lines[0].Amount);
    }

    private CostEstimate Estimate(Variant variant) => CostEstimator.Estimate(
        variant.Name, InfrastructureInventory.FromTemplates(fixture.Synthesize(variant).AllTemplates), PriceTable.Current, UsageAssumptions.Architecture);

    private CostItem Item(string name) => Default.Items.Single(i => i.Name == name);

    private void AssertLines(string name, params decimal[] amounts) =>
        Assert.Equal(amounts, Item(name).Lines.Select(l => l.Amount));
}
