using System.Security.Cryptography;

namespace ApraNova.FakeStripe;

/// <summary>Identifiers shaped like Stripe's: a type prefix and a random alphanumeric tail.</summary>
public static class StripeIds
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix, int length = 24) => prefix + "_" + RandomNumberGenerator.GetString(Alphabet, length);
}
