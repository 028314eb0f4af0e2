using System.Globalization;
using System.Text;

namespace ApraNova.Hosting.Aws.Cost;

/// <summary>
/// Renders estimates as markdown: the main configuration in detail, every configuration's total,
/// and the unit prices with their sources.
/// </summary>
public static class CostReport
{
    public static string ToMarkdown(CostEstimate main, IReadOnlyList<CostEstimate> configurations, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(main);
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(prices);

        var text = new StringBuilder();
        text.AppendLine("# Monthly cost estimate");
        text.AppendLine();
        text.AppendLine($"Configuration: **{main.Configuration}**. Computed from the synthesized CloudFormation templates");
        text.AppendLine($"(what the stacks create) with the unit prices below; {Money(prices.HoursPerMonth, plain: true)} hours a month;");
        text.AppendLine("each line rounded to the cent, totals are sums of the printed lines. Items marked * are not in the");
        text.AppendLine("architecture's original cost breakdown (docs/architecture.md §8).");
        text.AppendLine();

        foreach (var category in main.Items.Select(i => i.Category).Distinct())
        {
            text.AppendLine($"## {category}");
            text.AppendLine();
            text.AppendLine("| Item | Line | Computation | Amount |");
            text.AppendLine("| --- | --- | --- | ---: |");
            foreach (var item in main.Items.Where(i => i.Category == category))
            {
                var name = item.InOriginalBreakdown ? item.Name : item.Name + " *";
                foreach (var line in item.Lines)
                {
                    text.AppendLine($"| {name} | {line.Description} | {line.Computation} | {Money(line.Amount)} |");
                }

                if (item.Lines.Count > 1)
                {
                    text.AppendLine($"| {name} | **Total** | | **{Money(item.Total)}** |");
                }
            }

            text.AppendLine();
            text.AppendLine($"{category} total: **{Money(main.CategoryTotal(category))}**");
            text.AppendLine();
        }

        text.AppendLine($"Items of the original breakdown: {Money(main.OriginalItemsTotal)}; added (*): {Money(main.Total - main.OriginalItemsTotal)}.");
        text.AppendLine();
        text.AppendLine($"**TOTAL: {Money(main.Total)}/month**");
        text.AppendLine();
        text.AppendLine("## Configurations");
        text.AppendLine();
        text.AppendLine("The architecture's optimizations, each synthesized as the configuration it is and priced the same way.");
        text.AppendLine();
        text.AppendLine("| Configuration | Monthly total | Difference |");
        text.AppendLine("| --- | ---: | ---: |");
        foreach (var configuration in configurations)
        {
            var difference = configuration.Total - main.Total;
            text.AppendLine($"| {configuration.Configuration} | {Money(configuration.Total)} | {(difference == 0 ? "" : (difference > 0 ? "+" : "-") + Money(Math.Abs(difference)))} |");
        }

        text.AppendLine();
        text.AppendLine("## Unit prices");
        text.AppendLine();
        text.AppendLine("| Price | USD | Per | Source |");
        text.AppendLine("| --- | ---: | --- | --- |");
        foreach (var (name, price) in prices.All())
        {
            text.AppendLine($"| {name} | {price.Amount.ToString("0.00########", CultureInfo.InvariantCulture)} | {price.Unit} | {price.Source} |");
        }

        text.AppendLine();
        text.AppendLine("Not priced: usage within AWS's always-free allowances that this stack cannot exceed on its own (SNS");
        text.AppendLine("notifications, Secrets Manager API calls at task start, ACM public certificates, Route 53 alias queries),");
        text.AppendLine("RDS backup storage up to the database size, the hosted zone of a domain (it is not created by the stack), and taxes.");
        text.AppendLine("CloudWatch's free tier (10 alarms, 3 dashboards per account) is not deducted: other stacks may use it.");
        return text.ToString();
    }

    public static string Money(decimal amount, bool plain = false) =>
        (plain ? "" : "$") + amount.ToString(plain ? "0.##" : "0.00", CultureInfo.InvariantCulture);
}
