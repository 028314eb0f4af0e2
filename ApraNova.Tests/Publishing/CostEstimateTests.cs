using ApraNova.AppHost.Publishing.Cost;

namespace ApraNova.Tests.Publishing;

[Collection(AwsPublishCollection.Name)]
public sealed class CostEstimateTests(AwsPublishFixture fixture)
{
    private CostEstimate Seed => fixture.Result.Estimates[0];

    [Fact]
    public void Seed_configuration_reproduces_every_seed_line_item_to_the_cent()
    {
        // ARCHITECTURE_EXPORT.md, "Monthly Costs (Detailed)".
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
        Assert.Equal(11, Seed.Items.Count);

        Assert.Equal(27.03m, Seed.CategoryTotal(CostEstimator.Compute));
        Assert.Equal("0.5 vCPU × $0.04048/hour × 730 hours", Item("ECS Fargate (api)").Lines[0].Computation);
    }

    [Fact]
    public void Total_is_the_sum_of_the_lines_not_the_seeds_misprint()
    {
        Assert.Equal(116.52m, Seed.Total);
        var report = File.ReadAllText(fixture.Result.CostEstimatePath);
        Assert.Contains("**TOTAL: $116.52/month**", report, StringComparison.Ordinal);
        Assert.DoesNotContain("116.55", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_seeds_optimizations_are_priced_as_configurations()
    {
        var byName = fixture.Result.Estimates.ToDictionary(e => e.Configuration, e => e.Total);
        Assert.Equal(116.52m - 33.30m, byName["Remove NAT Gateway"]);
        Assert.Equal(116.52m - 1.50m, byName["Reduce logging"]);
        // 30 % off each Fargate line: 10.34 + 2.27 + 5.17 + 1.14 = 18.92 instead of 27.03.
        Assert.Equal(116.52m - 8.11m, byName["Use Fargate Spot"]);
        Assert.Equal(116.52m - 33.30m - 8.11m - 1.50m, byName["All three optimizations"]);

        var report = File.ReadAllText(fixture.Result.CostEstimatePath);
        Assert.Contains("| Remove NAT Gateway | $83.22 | -$33.30 |", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_az_doubles_the_database_line_items()
    {
        var result = Variants.Synthesize(fixture, fixture.Result.Deployment, o => o with { MultiAz = true });
        var estimate = CostEstimator.Estimate("multi-az", InfrastructureInventory.FromTemplates(result.AllTemplates), PriceTable.Seed, UsageAssumptions.Seed);
        var database = estimate.Items.Single(i => i.Name == "RDS db.t3.micro");
        Assert.Equal([24.82m, 4.60m], database.Lines.Select(l => l.Amount));
        Assert.Equal(116.52m + 14.71m, estimate.Total);
    }

    [Fact]
    public void Two_nat_gateways_cost_two_gateway_hours_and_zero_cost_none()
    {
        var two = Variants.Synthesize(fixture, fixture.Result.Deployment, o => o with { NatGateways = 2 });
        var estimate = CostEstimator.Estimate("two", InfrastructureInventory.FromTemplates(two.AllTemplates), PriceTable.Seed, UsageAssumptions.Seed);
        Assert.Equal([65.70m, 0.45m], estimate.Items.Single(i => i.Name == "NAT Gateway").Lines.Select(l => l.Amount));

        var none = fixture.Result.Estimates.Single(e => e.Configuration == "Remove NAT Gateway");
        Assert.DoesNotContain(none.Items, i => i.Name == "NAT Gateway");
    }

    [Fact]
    public void Lines_round_half_away_from_zero_like_the_seed()
    {
        // 0.0225 × 730 = 16.425: the seed prints 16.43 (banker's rounding would say 16.42).
        var alb = Item("Application Load Balancer").Lines[0];
        Assert.Equal(16.43m, alb.Amount);
    }

    private CostItem Item(string name) => Seed.Items.Single(i => i.Name == name);

    private void AssertLines(string name, params decimal[] amounts) =>
        Assert.Equal(amounts, Item(name).Lines.Select(l => l.Amount));
}
