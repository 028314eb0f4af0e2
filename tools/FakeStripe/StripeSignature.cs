using System.Security.Cryptography;
using System.Text;

namespace ApraNova.FakeStripe;

/// <summary>
/// Signs a webhook payload the way Stripe does: <c>Stripe-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;</c> where
/// the hex is HMAC-SHA256 keyed with the endpoint secret over <c>"&lt;t&gt;.&lt;payload&gt;"</c> (UTF-8).
/// Written out here rather than borrowed from Stripe.net so that the api's verification is checked
/// against an independent implementation.
/// </summary>
public static class StripeSignature
{
    public static string Header(string payload, string secret, DateTimeOffset timestamp)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
