using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ApraNova.Api.Features.Mail.Ses;

/// <summary>
/// AWS Signature Version 4 for a request whose body is already known (SES v2 JSON calls): the
/// canonical request, string to sign and signing key of the AWS General Reference
/// ("Create a signed AWS API request"). Written here because NuGet serves AWSSDK.Core but no SES
/// client; AWSSDK.Core still resolves the credentials (task role). Signs host, x-amz-date,
/// x-amz-content-sha256, x-amz-security-token (temporary credentials) and content-type.
/// </summary>
public static class AwsSigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Adds the signature headers to <paramref name="request"/> (whose content is <paramref name="body"/>).</summary>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, AwsCredentials credentials, string region, string service, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.RequestUri);
        var uri = request.RequestUri;
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var payloadHash = Hex(SHA256.HashData(body));

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}",
            ["x-amz-date"] = amzDate,
            ["x-amz-content-sha256"] = payloadHash,
        };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers["content-type"] = contentType.ToString();
        }
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            headers["x-amz-security-token"] = credentials.SessionToken;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join('\n',
            request.Method.Method,
            CanonicalPath(uri),
            CanonicalQuery(uri),
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value.Trim()}\n")),
            signedHeaders,
            payloadHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var signature = Hex(HMACSHA256.HashData(SigningKey(credentials.SecretAccessKey, date, region, service), Encoding.UTF8.GetBytes(stringToSign)));

        request.Headers.Host = headers["host"];
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        if (headers.TryGetValue("x-amz-security-token", out var token))
        {
            request.Headers.TryAddWithoutValidation("x-amz-security-token", token);
        }
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").</summary>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    /// <summary>Each path segment URI-encoded once (non-S3 services encode the already-encoded path again).</summary>
    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0)
        {
            return "/";
        }
        return string.Join('/', path.Split('/').Select(segment => Encode(Uri.UnescapeDataString(segment), doubleEncode: true)));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return "";
        }
        return string.Join('&', query.Split('&')
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Name: Encode(Uri.UnescapeDataString(pair[0]), false), Value: Encode(Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : ""), false)))
            .OrderBy(pair => pair.Name, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => $"{pair.Name}={pair.Value}"));
    }

    /// <summary>RFC 3986 encoding of everything but unreserved characters, as SigV4 requires.</summary>
    private static string Encode(string value, bool doubleEncode)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(doubleEncode ? "%25" : "%").Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
