using System.Text;

namespace ApraNova.Hosting.Aws.Cdk;

/// <summary>Construct ids from resource names ("apranova-db" → "ApranovaDb").</summary>
internal static class CdkNames
{
    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }
}
