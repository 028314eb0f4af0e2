using System.Globalization;
using System.Text;

namespace ApraNova.AppHost.Publishing.Cost;

/// <summary>Renders estimates as markdown: the main configuration in detail, then every configuration's total.</summary>
public static class CostReport
{
    public static string ToMarkdown(CostEstimate main, IReadOnlyList<CostEstimate> configurations, PriceTable prices)
    {
        var text = new StringBuilder();
        text.AppendLine("# Monthly cost estimate");
        text.AppendLine();
        text.AppendLine($"Configuration: **{main.Configuration}**. Computed from the synthesized CloudFormation templates");
        text.AppendLine($"(what the stacks create) with the seed's unit prices; {Money(prices.HoursPerMonth, plain: true)} hours a month;");
        text.AppendLine("each line rounded to the cent, totals are sums of the printed lines.");
        text.AppendLine();

        foreach (var category in main.Items.Select(i => i.Category).Distinct())
        {
            text.AppendLine($"## {category}");
            text.AppendLine();
            text.AppendLine("| Item | Line | Computation | Amount |");
            text.AppendLine("| --- | --- | --- | ---: |");
            foreach (var item in main.Items.Where(i => i.Category == category))
            {
                foreach (var line in item.Lines)
                {
                    text.AppendLine($"| {item.Name} | {line.Description} | {line.Computation} | {Money(line.Amount)} |");
                }

                if (item.Lines.Count > 1)
                {
                    text.AppendLine($"| {item.Name} | **Total** | | **{Money(item.Total)}** |");
                }
            }

            text.AppendLine();
            text.AppendLine($"{category} total: **{Money(main.CategoryTotal(category))}**");
            text.AppendLine();
        }

        text.AppendLine($"**TOTAL: {Money(main.Total)}/month**");
        text.AppendLine();
        text.AppendLine("## Configurations");
        text.AppendLine();
        text.AppendLine("The seed's optimizations, each synthesized as the configuration it is and priced the same way.");
        text.AppendLine();
        text.AppendLine("| Configuration | Monthly total | Difference |");
        text.AppendLine("| --- | ---: | ---: |");
        foreach (var configuration in configurations)
        {
            var difference = configuration.Total - main.Total;
            text.AppendLine($"| {configuration.Configuration} | {Money(configuration.Total)} | {(difference == 0 ? "" : (difference > 0 ? "+" : "-") + Money(Math.Abs(difference)))} |");
        }

        text.AppendLine();
        text.AppendLine("Not priced (as in the seed): the CloudWatch alarms and dashboard (within the free tier of 10 alarms and");
        text.AppendLine("3 dashboards), Secrets Manager secrets ($0.40 each), RDS backup storage up to the database size, and taxes.");
        return text.ToString();
    }

    public static string Money(decimal amount, bool plain = false) =>
        (plain ? "" : "$") + amount.ToString(plain ? "0.##" : "0.00", CultureInfo.InvariantCulture);
}
